import { describe, expect, it } from "vitest";
import { toIpcError } from "../errors";

describe("toIpcError", () => {
  it("passes our commands' {code, message} through", () => {
    expect(toIpcError({ code: "offline", message: "网络不可用" })).toEqual({ code: "offline", message: "网络不可用" });
  });

  it("wraps Tauri's plain-string rejections", () => {
    expect(toIpcError("command sync_now not found")).toEqual({ code: "internal", message: "command sync_now not found" });
  });

  it("wraps thrown Errors", () => {
    expect(toIpcError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
  });

  it("maps unknown codes to internal and keeps the message", () => {
    expect(toIpcError({ code: "teapot", message: "x" })).toEqual({ code: "internal", message: "x" });
  });

  it("gives a Chinese message when there is none", () => {
    expect(toIpcError({ code: "offline", message: "" }).message).toBe("无法连接区热线平台");
    expect(toIpcError(undefined)).toEqual({ code: "internal", message: "程序内部错误" });
  });
});
