import type { ErrorCode, IpcError } from "./bindings";

const ERROR_CODES: readonly ErrorCode[] = [
  "offline",
  "unauthorized",
  "server",
  "storage",
  "invalid_input",
  "not_found",
  "internal",
];

/** Chinese fallback text per code, used only when the backend sent no message. */
const FALLBACK_MESSAGES: Record<ErrorCode, string> = {
  offline: "无法连接区热线平台",
  unauthorized: "登录凭据无效或已过期",
  server: "区热线平台返回错误",
  storage: "本地数据读写失败",
  invalid_input: "输入有误",
  not_found: "未找到对应数据",
  internal: "程序内部错误",
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === "string";
}

/**
 * Normalises whatever a rejected `invoke` (or any other async call) threw into an
 * IpcError. Our commands reject with `{code, message}`; Tauri itself rejects with a
 * plain string (e.g. "command x not found"), and JS code throws Error objects.
 */
export function toIpcError(err: unknown): IpcError {
  if (isIpcError(err)) {
    return { code: err.code, message: err.message || FALLBACK_MESSAGES[err.code] };
  }
  if (typeof err === "object" && err !== null) {
    const v = err as Record<string, unknown>;
    const code: ErrorCode = isErrorCode(v.code) ? v.code : "internal";
    if (typeof v.message === "string" && v.message.length > 0) {
      return { code, message: v.message };
    }
    return { code, message: FALLBACK_MESSAGES[code] };
  }
  if (typeof err === "string" && err.length > 0) {
    return { code: "internal", message: err };
  }
  return { code: "internal", message: FALLBACK_MESSAGES.internal };
}
