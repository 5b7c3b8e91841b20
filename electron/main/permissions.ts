import { isAppUrl } from './app-protocol';
import type { PermissionCheckDetails, PermissionRequestDetails } from './electron-api';

// The kiosk page needs one permission: the camera, for the face capture. Nothing else is granted to
// anyone — no microphone, screen capture, notifications, clipboard, geolocation, HID/serial/USB,
// fullscreen API (the window is already a kiosk), or opening links in other applications.

/**
 * `setPermissionRequestHandler`: grants `media` when it is for video only, asked by the main frame
 * of a page of the app's own origin.
 */
export function grantsPermissionRequest(permission: string, details: PermissionRequestDetails): boolean {
  if (permission !== 'media') return false;
  const mediaTypes = details.mediaTypes ?? [];
  return (
    mediaTypes.length > 0 &&
    mediaTypes.every((type) => type === 'video') &&
    details.isMainFrame === true &&
    details.requestingUrl !== undefined &&
    isAppUrl(details.requestingUrl) &&
    (details.securityOrigin === undefined || isAppUrl(details.securityOrigin))
  );
}

/**
 * `setPermissionCheckHandler`: the synchronous "is it granted?" that most web APIs ask before they
 * request. The same rule: video, for the main frame of the app's own origin, not embedded elsewhere.
 */
export function grantsPermissionCheck(permission: string, requestingOrigin: string, details: PermissionCheckDetails): boolean {
  return (
    permission === 'media' &&
    details.mediaType === 'video' &&
    isAppUrl(requestingOrigin) &&
    details.isMainFrame !== false &&
    details.embeddingOrigin === undefined &&
    (details.securityOrigin === undefined || isAppUrl(details.securityOrigin))
  );
}
