/**
 * Misbehaviour on request, to test a client's defences: the request header `Wechatpay-Simulator-Fault`
 * lists faults, comma-separated. The header is not covered by the request signature.
 */
export interface Faults {
  /** Change the body after signing it. */
  tamperBody: boolean;
  /** Sign, but name a serial the client does not know. */
  unknownSerial: boolean;
  /** Seconds added to the answer's timestamp. */
  skew: number;
  /** Signature headers to leave out. */
  drop: string[];
  /** Send a `WECHATPAY/SIGNTEST/` probe signature. */
  probe: boolean;
  /** Never answer. */
  hang: boolean;
  /** Milliseconds to wait before answering. */
  delay: number;
  /** Answer this status with a signed error. */
  status: number | undefined;
  /** Fault names the simulator does not know (it refuses the request). */
  unknown: string[];
}

export const FAULT_HEADER = 'wechatpay-simulator-fault';

export function parseFaults(header: string | undefined): Faults {
  const faults: Faults = {
    tamperBody: false,
    unknownSerial: false,
    skew: 0,
    drop: [],
    probe: false,
    hang: false,
    delay: 0,
    status: undefined,
    unknown: [],
  };
  for (const item of (header ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, value = ''] = item.split('=', 2) as [string, string?];
    if (name === 'tamper-body') faults.tamperBody = true;
    else if (name === 'unknown-serial') faults.unknownSerial = true;
    else if (name === 'skew') faults.skew = Number(value);
    else if (name === 'drop-header') faults.drop.push(value.toLowerCase());
    else if (name === 'probe') faults.probe = true;
    else if (name === 'hang') faults.hang = true;
    else if (name === 'delay') faults.delay = Number(value);
    else if (name === 'status') faults.status = Number(value);
    else faults.unknown.push(item);
  }
  return faults;
}
