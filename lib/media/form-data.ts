import { openAsBlob } from 'node:fs';

/** A file part as it crosses to the transport (and to the synchronous worker: paths and bytes only). */
export interface WirePart {
  name: string;
  filename: string;
  contentType: string;
  path?: string;
  bytes?: Uint8Array;
  blob?: Blob;
}

/** An upload as the transport sends it: the signed `meta` JSON text, then the files. */
export interface WireMultipart {
  meta: string;
  parts: WirePart[];
}

/** What undici's FormData and the platform's share. */
interface FormDataLike {
  append(name: string, value: string | Blob, filename?: string): void;
}

/**
 * The multipart body: `meta` first (the text that was signed), then each file as a Blob that streams when sent.
 * A path becomes a file-backed Blob (`fs.openAsBlob`), so a large file is never held in memory, and a file changed
 * since it was hashed fails the send instead of going out with a stale `sha256`.
 */
export async function buildFormData<Form extends FormDataLike>(multipart: WireMultipart, FormData: new () => Form): Promise<Form> {
  const form = new FormData();
  form.append('meta', multipart.meta);
  for (const part of multipart.parts) {
    const type = part.contentType;
    const blob =
      part.path !== undefined
        ? await openAsBlob(part.path, { type })
        : part.bytes
          ? new Blob([part.bytes as Uint8Array<ArrayBuffer>], { type })
          : (part.blob as Blob).slice(0, undefined, type);
    form.append(part.name, blob, part.filename);
  }
  return form;
}
