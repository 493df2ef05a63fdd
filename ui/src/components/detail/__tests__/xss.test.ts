import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { ticketDetail } from "../../../testing/fixtures";
import TicketDetailPanel from "../TicketDetailPanel.vue";

// Anyone can call 12345: what they say reaches the app verbatim. Every hostile form is
// shown as the characters it is, in every place untrusted text appears.
const PAYLOADS: [string, string][] = [
  ["script tag", "<script>window.__pwned = 1</script>路灯不亮"],
  ["event handler", '<img src=x onerror="window.__pwned = 1">'],
  ["javascript: URL", '<a href="javascript:window.__pwned=1">点我</a> javascript:alert(1)'],
  ["SVG", '<svg onload="window.__pwned=1"><script>window.__pwned=1</script></svg>'],
  ["style and iframe", '<style>*{display:none}</style><iframe src="https://evil.example"></iframe>'],
  ["RTL override and zero-width", "投诉\u202Egnp.exe\u202C 噪\u200B音\u200D扰\uFEFF民"],
  ["template syntax", "{{ constructor.constructor('window.__pwned=1')() }}"],
  ["100 KB of text", "小区门口路灯不亮".repeat(12_800)],
];

afterEach(() => {
  document.body.innerHTML = "";
  delete (window as unknown as Record<string, unknown>).__pwned;
});

describe("untrusted text in the ticket detail", () => {
  it.each(PAYLOADS)("%s renders as literal characters everywhere", (_name, payload) => {
    const detail = ticketDetail(
      {
        content: payload,
        citizen_address_masked: payload,
        redo_reason: payload,
        supervision_note: payload,
        history: [{ at_ms: 0, actor: payload, action: "派单", note: payload }],
        attachments: [{ id: "a", name: payload, size: 10, content_type: "text/plain", cached: false }],
      },
      { title: payload },
    );
    const w = mount(TicketDetailPanel, { props: { detail, nowMs: 0, revealedPhone: null }, attachTo: document.body });
    const root = w.element as HTMLElement;
    const places = [".detail__content", ".detail__title", ".detail__address", ".detail__redo-reason", ".detail__attachment-name", ".detail__history-note"];
    for (const css of places) {
      const el = root.querySelector(css);
      expect(el, css).not.toBeNull();
      expect(el?.textContent, css).toBe(payload);
    }
    expect(root.querySelector("script, img, svg, iframe, style, a[href]")).toBeNull();
    expect((window as unknown as Record<string, unknown>).__pwned).toBeUndefined();
    w.unmount();
  });
});
