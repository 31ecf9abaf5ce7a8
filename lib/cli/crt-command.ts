import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Builder } from '../chain/builder.js';
import { ConfigError } from '../errors/config-error.js';
import { cliConfig, type CliConfigSources } from './cli-config.js';

export interface CrtCommandOptions extends CliConfigSources {
  output?: string;
}

/**
 * `wechatpay crt`: downloads the platform certificates, decrypts them with the APIv3 key, verifies the listing
 * with the certificates it carries, and saves each as `wechatpay_SERIAL.pem` (the job of wechatpay-php's
 * CertificateDownloader).
 */
export async function crtCommand(options: CrtCommandOptions, print: (line: string) => void): Promise<void> {
  const config = cliConfig(options);
  if (!config.apiV3Key) throw new ConfigError('--api-v3-key', 'is required to decrypt the certificates (or WECHATPAY_APIV3_KEY)');
  // Nothing needs to be trusted before: the listing is verified with the certificates it carries.
  const instance = Builder.factory({ ...config, platformCertificates: { interval: 2 ** 31 - 1 } });
  try {
    const certificates = await instance.getDriver().certificates!.refreshAsync();
    if (options.output) mkdirSync(options.output, { recursive: true });
    for (const certificate of certificates) {
      const saved = options.output ? join(options.output, `wechatpay_${certificate.serial}.pem`) : undefined;
      if (saved) writeFileSync(saved, certificate.pem);
      print(
        `${certificate.serial}  valid ${certificate.validFrom.toISOString()} .. ${certificate.validTo.toISOString()}${saved ? `  saved to ${saved}` : ''}`,
      );
      if (!saved) print(certificate.pem.trimEnd());
    }
  } finally {
    await instance.getDriver().close();
  }
}
