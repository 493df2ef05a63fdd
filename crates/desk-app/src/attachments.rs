//! Attachments: downloaded once on first open, kept in the data directory, opened from
//! there afterwards (also offline). File names come from the district and are untrusted:
//! they are reduced to one safe path component before touching the disk. When the cache
//! is encrypted, the kept file is sealed and opening gives a decrypted copy (`at_rest`).

use crate::ipc::LocalAttachment;
use crate::{AppError, Desk};
use desk_store::AttachmentFile;
use std::path::{Path, PathBuf};

/// Larger files are refused (the district's own upload limit is far below this).
pub const MAX_ATTACHMENT_BYTES: u64 = 200 * 1024 * 1024;

/// Extensions the system viewer may open directly: documents, images, audio and video.
/// Anything else (scripts, `.desktop` launchers, executables, archives, web pages) is
/// only shown in its folder, so a hostile attachment is never run by a click.
const OPENS_DIRECTLY: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "webp", "heic", "tif", "tiff", "pdf", "ofd", "txt", "doc",
    "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "odt", "ods", "mp3", "wav", "amr",
    "m4a", "aac", "mp4", "avi", "mov", "wmv", "3gp",
];

/// The longest file name most file systems accept, in bytes (ext4, NTFS in UTF-16 units).
const MAX_NAME_BYTES: usize = 255;

/// Invisible characters that change how a name is displayed, not what it is: bidi
/// embeddings, overrides and isolates (`photo\u{202e}gpj.exe` shows as `photoexe.jpg`),
/// marks, zero-width spaces and joiners, and the BOM. They are removed.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether `name` is (or, before its first dot, starts with) a Windows device name:
/// `CON`, `PRN`, `AUX`, `NUL`, `COM1`…`COM9`, `LPT1`…`LPT9` (also `con.txt`, `LPT1 .pdf`).
fn is_windows_device(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end();
    let upper = base.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$" => true,
        _ => {
            let tail = upper
                .strip_prefix("COM")
                .or_else(|| upper.strip_prefix("LPT"));
            tail.is_some_and(|t| {
                let mut chars = t.chars();
                chars
                    .next()
                    .is_some_and(|c| matches!(c, '0'..='9' | '¹' | '²' | '³'))
                    && chars.next().is_none()
            })
        }
    }
}

/// The first `max` bytes of `s` or fewer, cut at a character boundary.
fn cut_to_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// One safe file name from an untrusted `name`: its last path component, without control
/// characters, characters Windows forbids or invisible formatting characters (bidi
/// controls, zero-width characters), no leading dots, never a Windows device name, at
/// most 255 bytes (the extension kept). Empty results fall back to `fallback`.
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' ']);
    if cleaned.is_empty() {
        return fallback.to_owned();
    }
    let named = if is_windows_device(cleaned) {
        format!("_{cleaned}")
    } else {
        cleaned.to_owned()
    };
    if named.len() <= MAX_NAME_BYTES {
        return named;
    }
    // A short extension is kept whole; a long "extension" is just part of the name.
    let ext = extension(&named)
        .filter(|e| e.len() <= 16)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let stem = &named[..named.len() - ext.len()];
    let stem = cut_to_bytes(stem, MAX_NAME_BYTES - ext.len()).trim_end_matches(['.', ' ']);
    format!("{stem}{ext}")
}

/// A directory name unique to an attachment id: the id itself when it is plain ASCII
/// (`att-TQ…-1`), else `x` and the id's bytes in hex.
pub fn attachment_dir_name(id: &str) -> String {
    let plain = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !id.starts_with('x');
    if plain {
        id.to_owned()
    } else {
        let hex: String = id.bytes().take(100).map(|b| format!("{b:02x}")).collect();
        format!("x{hex}")
    }
}

fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then_some(ext)
}

/// Whether a file with this name may be handed to the system's default application.
pub fn opens_directly(name: &str) -> bool {
    extension(name).is_some_and(|ext| {
        let ext = ext.to_ascii_lowercase();
        OPENS_DIRECTLY.contains(&ext.as_str())
    })
}

/// Whether the file at `path` may be handed to the system: decided from the name it has
/// on disk, which is what the system goes by.
fn file_opens_directly(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(opens_directly)
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |source| AppError::DataDir {
        path: path.display().to_string(),
        source,
    }
}

impl Desk {
    /// The local file of a ticket's attachment: the cached one, or downloaded now (once)
    /// and kept. Offline, only attachments downloaded before are available. A sign-out
    /// stops a download in progress (nothing of it is written afterwards).
    ///
    /// The cached file serves only while it is still the attachment the ticket lists: of
    /// this ticket, under the name and with the size the ticket now gives. Otherwise (the
    /// district renamed or replaced it) it is dropped and downloaded again. Whether the
    /// system may open the file directly is decided from the file actually returned.
    pub async fn fetch_attachment(
        &self,
        ticket_id: &str,
        attachment_id: &str,
    ) -> Result<LocalAttachment, AppError> {
        let mut running = self.work.begin().await;
        running
            .unless_signed_out(self.fetch_attachment_now(ticket_id, attachment_id))
            .await
    }

    async fn fetch_attachment_now(
        &self,
        ticket_id: &str,
        attachment_id: &str,
    ) -> Result<LocalAttachment, AppError> {
        let ticket = self.ticket(ticket_id)?;
        let meta = ticket
            .attachments
            .iter()
            .find(|a| a.id == attachment_id)
            .ok_or_else(|| AppError::AttachmentNotFound(attachment_id.to_owned()))?;
        let name = safe_file_name(&meta.name, &attachment_dir_name(&meta.id));
        let cached = self.store()?.attachment_file(attachment_id)?;
        if let Some(file) = cached {
            let path = self.data_dir().join(&file.rel_path);
            let current = file.ticket_id == ticket_id
                && file.size == meta.size
                && path.file_name() == Some(std::ffi::OsStr::new(&name));
            if current && path.is_file() {
                let path =
                    self.openable_attachment(&path, &attachment_dir_name(attachment_id), &name)?;
                return Ok(LocalAttachment {
                    opens_directly: file_opens_directly(&path),
                    path: path.display().to_string(),
                    downloaded_now: false,
                });
            }
            if current {
                tracing::warn!(attachment = attachment_id, "cached attachment file is gone");
            } else {
                tracing::info!(
                    attachment = attachment_id,
                    "attachment changed since it was downloaded: downloading again"
                );
                if path.is_file() {
                    std::fs::remove_file(&path).map_err(io_error(&path))?;
                }
            }
            self.store()?.forget_attachment(attachment_id)?;
        }

        let client = self.client()?;
        let bytes = match self
            .retry_policy()
            .run(|| client.attachment(attachment_id, MAX_ATTACHMENT_BYTES))
            .await
        {
            Ok(bytes) => bytes,
            Err(e) if e.is_unreachable() => {
                return Err(AppError::AttachmentOffline(meta.name.clone()));
            }
            Err(e) => return Err(e.into()),
        };
        let rel: PathBuf = ["attachments", &attachment_dir_name(attachment_id), &name]
            .iter()
            .collect();
        let path = self.data_dir().join(&rel);
        let dir = path.parent().unwrap_or(self.data_dir());
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        // Written aside and renamed: a crash never leaves a half file that looks complete.
        let part = dir.join(".download.part");
        // Sealed with the cache key when the cache is encrypted (`at_rest`).
        self.write_attachment(&part, &bytes)?;
        std::fs::rename(&part, &path).map_err(io_error(&path))?;
        self.store()?.record_attachment(&AttachmentFile {
            attachment_id: attachment_id.to_owned(),
            ticket_id: ticket_id.to_owned(),
            rel_path: rel.display().to_string(),
            size: bytes.len() as u64,
            fetched_at_ms: chrono::Utc::now().timestamp_millis(),
        })?;
        tracing::info!(
            attachment = attachment_id,
            bytes = bytes.len(),
            "attachment downloaded"
        );
        let path = self.openable_attachment(&path, &attachment_dir_name(attachment_id), &name)?;
        Ok(LocalAttachment {
            opens_directly: file_opens_directly(&path),
            path: path.display().to_string(),
            downloaded_now: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_one_safe_component() {
        let cases = [
            ("现场照片.jpg", "现场照片.jpg"),
            ("../../.bashrc", "bashrc"),
            ("..\\..\\evil.exe", "evil.exe"),
            ("a/b/c.pdf", "c.pdf"),
            ("what?<>|*.png", "what_____.png"),
            ("tab\there.txt", "tab_here.txt"),
            ("   ", "fallback"),
            ("..", "fallback"),
            ("/", "fallback"),
            ("name. . .", "name"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_file_name(input, "fallback"), expected, "{input:?}");
        }
    }

    #[test]
    fn names_are_limited_in_bytes_not_characters() {
        // (input, expected ending)
        let cases = [
            // 300 Chinese characters are 900 bytes: cut to whole characters, 84 of them.
            (format!("{}.jpg", "长".repeat(300)), ".jpg"),
            (format!("{}.pdf", "a".repeat(400)), ".pdf"),
            // Exactly at the limit: kept as it is.
            (format!("{}.pdf", "a".repeat(251)), ".pdf"),
            // A long "extension" is not kept whole.
            (format!("a.{}", "b".repeat(300)), "b"),
            // 4-byte characters are never split.
            (format!("{}.png", "😀".repeat(100)), ".png"),
        ];
        for (input, ending) in &cases {
            let safe = safe_file_name(input, "f");
            assert!(safe.len() <= 255, "{} bytes: {safe}", safe.len());
            assert!(safe.ends_with(ending), "{safe}");
            assert!(input.starts_with(safe.trim_end_matches(ending)), "a prefix");
        }
        assert_eq!(safe_file_name(&cases[1].0, "f").len(), 255);
        assert_eq!(safe_file_name(&cases[2].0, "f"), cases[2].0);
        // 251 bytes of stem fit 83 whole Chinese characters (249 bytes).
        assert_eq!(safe_file_name(&cases[0].0, "f").len(), 249 + 4);
        assert_eq!(safe_file_name(&cases[4].0, "f").len(), 248 + 4);
        // Short names of many characters stay whole: the limit is bytes.
        let chinese = format!("{}.docx", "市民反映情况说明".repeat(10));
        assert_eq!(safe_file_name(&chinese, "f"), chinese);
    }

    #[test]
    fn windows_device_names_are_never_file_names() {
        let cases = [
            ("CON", "_CON"),
            ("con.txt", "_con.txt"),
            ("PRN.pdf", "_PRN.pdf"),
            ("aux", "_aux"),
            ("NUL.tar.gz", "_NUL.tar.gz"),
            ("COM1", "_COM1"),
            ("com9.jpg", "_com9.jpg"),
            ("LPT1.docx", "_LPT1.docx"),
            ("lpt5", "_lpt5"),
            ("CON .txt", "_CON .txt"),
            ("COM¹.txt", "_COM¹.txt"),
            ("a/b/CON.", "_CON"),
            // Not device names.
            ("CONFIG.txt", "CONFIG.txt"),
            ("COM10.txt", "COM10.txt"),
            ("com.jpg", "com.jpg"),
            ("LPT.pdf", "LPT.pdf"),
            ("my con.txt", "my con.txt"),
            ("通知CON.txt", "通知CON.txt"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_file_name(input, "fallback"), expected, "{input:?}");
        }
    }

    #[test]
    fn invisible_formatting_characters_are_removed() {
        let cases = [
            // Right-to-left override: shows as "photoexe.jpg", is an .exe.
            ("photo\u{202E}gpj.exe", "photogpj.exe"),
            ("a\u{202A}b\u{202B}c\u{202C}d\u{202D}.pdf", "abcd.pdf"),
            ("\u{2066}报告\u{2069}\u{2067}\u{2068}.pdf", "报告.pdf"),
            ("x\u{200E}y\u{200F}z\u{061C}.txt", "xyz.txt"),
            (
                "零\u{200B}宽\u{200C}字\u{200D}符\u{2060}.jpg",
                "零宽字符.jpg",
            ),
            ("\u{FEFF}bom.txt", "bom.txt"),
            // Hidden before the dot that would otherwise be leading.
            ("\u{200B}.bashrc", "bashrc"),
            // Nothing left: the fallback.
            ("\u{202E}\u{200B}", "fallback"),
            // Hiding a device name does not help.
            ("C\u{200B}ON.txt", "_CON.txt"),
        ];
        for (input, expected) in cases {
            let safe = safe_file_name(input, "fallback");
            assert_eq!(safe, expected, "{input:?}");
        }
        assert!(!opens_directly(&safe_file_name(
            "photo\u{202E}gpj.exe",
            "f"
        )));
    }

    #[test]
    fn directory_names_are_unique_per_id() {
        assert_eq!(attachment_dir_name("att-TQ1-1"), "att-TQ1-1");
        // Ids that would clash once cleaned stay apart.
        assert_ne!(attachment_dir_name("a/b"), attachment_dir_name("a_b"));
        assert_ne!(attachment_dir_name("x61"), attachment_dir_name("a"));
        assert_eq!(attachment_dir_name("../x"), "x2e2e2f78");
        assert!(!attachment_dir_name("").is_empty());
    }

    #[test]
    fn only_documents_and_media_open_directly() {
        for name in ["照片.JPG", "说明.pdf", "录音.amr", "表格.xlsx", "视频.mp4"] {
            assert!(opens_directly(name), "{name}");
        }
        for name in [
            "run.sh",
            "launcher.desktop",
            "setup.exe",
            "page.html",
            "noext",
            ".jpg",
            "archive.zip",
            "photo.jpg.sh",
        ] {
            assert!(!opens_directly(name), "{name}");
        }
    }
}
