import { mimePackage } from '../utils/packages.js';

/** The MIME type WeChat Pay expects for a file name (`photo.JPG` → `image/jpeg`); unknown names get octet-stream. */
export function contentTypeOf(filename: string): string {
  return mimePackage().default.getType(filename) ?? 'application/octet-stream';
}
