/**
 * Text with the values of URL queries replaced by `…` and URL credentials (`user:pass@`) dropped: a download
 * `token` or any other credential a URL carries never reaches a message or a log. For free text (a cause's message,
 * an error answer's body) that may quote a URL; `safeUrl` (utils) does the same for one URL.
 */
export function redactUrls(text: string): string {
  return text.replace(/(\/\/)[^/\s@"'<>]+@/g, '$1').replace(/([?&][^=&#\s"'<>]*=)[^&#\s"'<>]+/g, '$1…');
}
