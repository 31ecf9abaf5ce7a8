import { createHash, randomBytes } from 'node:crypto';
import { paramError, type JsonReply, type Reply } from '../reply.js';
import type { RouteInput } from '../router.js';
import type { ImageStore } from '../served-files.js';

/** `POST v3/merchant/media/upload`: 图片上传. */
export const MEDIA_UPLOAD = 'v3/merchant/media/upload';
/** `POST v3/merchant/media/video_upload`: 视频上传. */
export const VIDEO_UPLOAD = 'v3/merchant/media/video_upload';
/** `POST v3/marketing/favor/media/image-upload`: 图片上传 (营销专用), answering a `media_url`. */
export const FAVOR_IMAGE_UPLOAD = 'v3/marketing/favor/media/image-upload';
/** `POST v3/merchant-service/images/upload`: 商户上传反馈图片; the image can be fetched back by its media id. */
export const COMPLAINT_IMAGE_UPLOAD = 'v3/merchant-service/images/upload';

/** The upload endpoints: multipart bodies, whose signature covers the `meta` part instead of the body. */
export const UPLOAD_PATHS: ReadonlySet<string> = new Set(
  [MEDIA_UPLOAD, VIDEO_UPLOAD, FAVOR_IMAGE_UPLOAD, COMPLAINT_IMAGE_UPLOAD].map((path) => `/${path}`),
);

/** A multipart upload read: its parts, and the exact text of `meta`, which the Authorization signature covers. */
export interface ReadUpload {
  form: FormData;
  meta: Buffer;
}

/**
 * Parses a multipart/form-data body with the platform's parser. Anything short of a form with a `meta` part is a
 * 400 `PARAM_ERROR`, answered before the signature check (there is nothing to check it against).
 */
export async function readUpload(contentType: string | undefined, body: Buffer): Promise<ReadUpload | JsonReply> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) {
    return paramError('Content-Type', 'header', 'must be multipart/form-data with a boundary');
  }
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return paramError('body', 'body', 'is not a well-formed multipart/form-data body');
  }
  const meta = form.get('meta');
  if (meta === null) return paramError('meta', 'body', 'part is missing');
  // A meta part with a filename comes as a File: its exact bytes. A plain field is text the parser decoded as UTF-8.
  return { form, meta: typeof meta === 'string' ? Buffer.from(meta, 'utf8') : Buffer.from(await meta.arrayBuffer()) };
}

/** Serves the upload endpoints once the signature over `meta` has been checked. */
export function mediaUpload(pathname: string, images: ImageStore) {
  return async ({ form }: RouteInput): Promise<Reply> => {
    if (!form) return paramError('body', 'body', 'must be multipart/form-data');
    const metaPart = form.get('meta');
    const metaText = typeof metaPart === 'string' ? metaPart : ((await metaPart?.text()) ?? '');
    let meta: unknown;
    try {
      meta = JSON.parse(metaText);
    } catch {
      return paramError('meta', 'body', 'is not valid JSON');
    }
    if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return paramError('meta', 'body', 'must be a JSON object');
    const { filename, sha256 } = meta as Record<string, unknown>;
    if (typeof filename !== 'string' || filename === '') return paramError('meta.filename', 'body', 'is required');
    if (typeof sha256 !== 'string' || sha256 === '') return paramError('meta.sha256', 'body', 'is required');
    const file = form.get('file');
    if (file === null) return paramError('file', 'body', 'part is missing');
    if (typeof file === 'string') return paramError('file', 'body', 'part must be a file (with a filename), not a text field');
    const bytes = Buffer.from(await file.arrayBuffer());
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== sha256.toLowerCase()) {
      return paramError('meta.sha256', 'body', `does not match the file part (its SHA-256 is ${digest})`);
    }
    if (bytes.length === 0) return paramError('file', 'body', 'is empty');
    if (pathname === `/${FAVOR_IMAGE_UPLOAD}`) {
      return { status: 200, json: { media_url: `https://wxpaylogo.qpic.cn/wxpaylogo/${digest.slice(0, 40)}/0` } };
    }
    const mediaId = randomBytes(48).toString('base64url');
    if (pathname === `/${COMPLAINT_IMAGE_UPLOAD}`) images.keep(mediaId, bytes, file.type || 'application/octet-stream');
    return { status: 200, json: { media_id: mediaId } };
  };
}
