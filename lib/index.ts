// The chain and the client
export { Builder } from './chain/builder.js';
export type { AsyncVerb, ChainMembers, ChainNode, SyncVerb } from './types/chain-node.js';
export type { UntypedWechatpay, Wechatpay } from './chain/wechatpay.js';
export type { EndpointOptions, EndpointResponse, PathNode, RootChain, TypedRoot, VerbName } from './endpoints/typed-root.js';
export type { AsyncCall, BaseOptions, Node, OptionalAsyncCall, OptionalSyncCall, SyncCall } from './endpoints/typed-call.js';
export type { Paths as EndpointPaths } from './endpoints/generated/index.js';
export type { V2WebhookPayloads, V2WebhookPlaintexts, WebhookEvent, WebhookResources } from './endpoints/generated/webhooks.js';
export type { CallOptions, QueryValue } from './types/call-options.js';
export { Client, type DownloadCallOptions } from './client/client.js';
export type { ClientConfig } from './client/client-config.js';
export { CALL_CHANNEL, CALL_CHANNELS, type CallTrace, type CallTraceError } from './client/tracing.js';
export type { HttpMethod } from './types/http-method.js';
export { WechatpayResponse } from './types/response.js';
export { copyHeaders, copyRequest, type WechatpayRequest } from './types/request.js';
export type { Deadline } from './types/deadline.js';

// The middleware stack and its middlewares
export { andThen, tryThen, type MaybePromise } from './types/maybe-promise.js';
export type { Middleware, Next } from './stack/middleware.js';
export { MiddlewareStack } from './stack/middleware-stack.js';
export { encryptor, type EncryptorOptions } from './middlewares/encryptor.js';
export { signer, type SignerOptions } from './middlewares/signer.js';
export { verifier, type VerifierOptions } from './middlewares/verifier.js';
export { retry, type RetryFailover, type RetryMiddlewareOptions } from './retry/retry.js';
export { DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from './retry/policy.js';
export { HostHealth, type FailoverOptions, type HostRole } from './retry/host-health.js';
export { RETRY_CHANNEL, type RetryMessage } from './retry/retry-channel.js';
export { MAX_CLOCK_SKEW } from './crypto/verify-response.js';
export type { BodyBuilder, EncryptOption, Seal } from './types/encrypt-option.js';
export { sensitiveFields } from './sensitive-fields/catalog-fields.js';

// Transports
export { fetchTransport, type FetchFunction } from './transports/fetch-transport.js';
export type { Transport } from './transports/transport.js';
export { undiciTransport, type UndiciTransportOptions } from './transports/undici-transport.js';

// Keys and cryptography
export { AesEcb } from './crypto/aes-ecb.js';
export { AesGcm } from './crypto/aes-gcm.js';
export { Certificate, type CertificateInput } from './crypto/certificate.js';
export { Formatter } from './crypto/formatter.js';
export { Hash } from './crypto/hash.js';
export type { EncryptedKeyInput, KeyInput } from './crypto/key-input.js';
export { Rsa, type RsaCipherOptions, type RsaKeyType, type RsaPadding } from './crypto/rsa.js';
export type { SymmetricKeyInput } from './crypto/symmetric-key.js';

// Callbacks and front-end pay parameters
export { Notification } from './notifications/notification.js';
export type {
  IncomingHeaders,
  IncomingNotification,
  KnownNotificationEvent,
  NotificationEvent,
  NotificationHandler,
  NotificationHandlerOptions,
  NotificationOptions,
  NotificationReply,
} from './notifications/notification-types.js';
export { PayParams } from './pay-params/pay-params.js';
export type { ClientPayParams } from './pay-params/client-pay-params.js';
export type {
  AppPayInput,
  AppPayParams,
  FreshValues,
  JsapiPayInput,
  JsapiPayParams,
  JsapiPayParamsV2,
  MiniProgramPayParams,
  MiniProgramPayParamsV2,
  RsaKey,
  V2Key,
  V2SignType,
} from './pay-params/pay-params-types.js';

// Errors
export { ApiError, type ApiErrorOptions, type UnverifiedClaim } from './errors/api-error.js';
export { CertificateError, type CertificateProblem } from './errors/certificate-error.js';
export { ConfigError } from './errors/config-error.js';
export { ERROR_CODES } from './errors/error-codes.js';
export { CryptoError, type CryptoFailure } from './errors/crypto-error.js';
export { NotificationError, type NotificationProblem } from './errors/notification-error.js';
export { ParameterError } from './errors/parameter-error.js';
export { TransportError, type TransportFailure } from './errors/transport-error.js';
export { VerificationError, type VerificationCheck } from './errors/verification-error.js';
export { WechatpayError, type CallAttempt, type ErrorSummary, type WechatpayErrorJSON } from './errors/wechatpay-error.js';

// APIv2 (XML)
export { transformRequest, type TransformRequestOptions } from './middlewares/transform-request.js';
export { transformResponse, UNSIGNED_V2_ENDPOINTS, V2_BILL_ENDPOINTS, type TransformResponseOptions } from './middlewares/transform-response.js';
export {
  V2Notification,
  type V2NotificationOptions,
  type V2RefundNotification,
  type V2RefundNotificationOptions,
  type V2SignedEvent,
} from './notifications/v2-refund-notification.js';
export type { MerchantTls } from './client/client-config.js';

// Uploads and downloads
export type { FileInput, FilePart, FileSource, MediaInfo, MetaInput, MultipartBody } from './types/media-types.js';
export type { MultipartUpload, PreparedPart } from './media/multipart-upload.js';
export type { DownloadOptions, DownloadProgress, DownloadResult, ExpectedHash } from './types/download-types.js';
export type { DownloadSource } from './downloads/download-source.js';
export { isUnsignedFile, STATEMENT_SHA1 } from './downloads/file-endpoints.js';
export { DownloadError, type DownloadProblem } from './errors/download-error.js';

// Bills (交易账单, 资金账单)
export { Bill, type BillRow, type BillSource } from './bills/bill.js';
export { BillError, type BillProblem } from './errors/bill-error.js';
