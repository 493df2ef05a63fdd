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

/// One safe file name from an untrusted `name`: its last path component, without control
/// characters or characters Windows forbids, no leading dots, at most 100 characters
/// (the extension kept). Empty results fall back to `fallback`.
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
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
    const MAX: usize = 100;
    if cleaned.chars().count() <= MAX {
        return cleaned.to_owned();
    }
    let ext = extension(cleaned)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let keep = MAX.saturating_sub(ext.chars().count());
    let stem: String = cleaned.chars().take(keep).collect();
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
            if path.is_file() {
                let path =
                    self.openable_attachment(&path, &attachment_dir_name(attachment_id), &name)?;
                return Ok(LocalAttachment {
                    path: path.display().to_string(),
                    opens_directly: opens_directly(&name),
                    downloaded_now: false,
                });
            }
            tracing::warn!(attachment = attachment_id, "cached attachment file is gone");
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
            path: path.display().to_string(),
            opens_directly: opens_directly(&name),
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
        let long = format!("{}.jpg", "长".repeat(300));
        let safe = safe_file_name(&long, "f");
        assert_eq!(safe.chars().count(), 100);
        assert!(safe.ends_with(".jpg"));
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
