//! Encryption at rest (issue 15): with a keyring, the cache and the downloaded
//! attachments hold nothing readable; an old plain data directory is converted on the
//! first start of this version, losing nothing; a wipe forgets the key.

use desk_app::ipc::{ErrorCode, ReplyForm};
use desk_app::{Desk, DeskOptions};
use desk_store::{CacheKey, Store, StoreError};
use liaison_tests::{TestKeyring, World};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every file under `dir` (recursively).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Fails when a file under `dir` holds one of `secrets` in clear.
fn assert_nothing_in_clear(dir: &Path, secrets: &[&[u8]]) {
    for file in files_under(dir) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == *secret),
                "{} is in clear in {}",
                String::from_utf8_lossy(secret),
                file.display()
            );
        }
    }
}

fn key_of(keyring: &TestKeyring, data_dir: &Path) -> Option<CacheKey> {
    keyring
        .entry(&desk_app::vault::cache_key_account(data_dir))
        .and_then(|hex| CacheKey::from_hex(&hex))
}

#[tokio::test]
async fn the_encrypted_cache_and_attachments_hold_no_ticket_number_name_or_phone() {
    let world = World::start(151, 60).await;
    let keyring = Arc::new(TestKeyring::default());
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("opens");
    assert!(desk.encrypted_at_rest());
    desk.sync_now().await.expect("sync");
    let tickets = desk.tickets().expect("cache");
    let with = tickets
        .iter()
        .find(|t| !t.attachments.is_empty())
        .expect("a ticket with an attachment");
    let opened = desk
        .fetch_attachment(&with.id, &with.attachments[0].id)
        .await
        .expect("downloaded");
    let plain = std::fs::read(&opened.path).expect("opened copy");
    assert_eq!(plain.len() as u64, with.attachments[0].size);
    // The copy handed to the viewer is private and outside the kept attachments.
    let opened_path = PathBuf::from(&opened.path);
    assert!(opened_path.starts_with(desk.data_dir().join("opened")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&opened_path), 0o600);
        assert_eq!(mode(opened_path.parent().expect("dir")), 0o700);
    }
    // Opened again (from the cache): decrypted again, same bytes.
    let again = desk
        .fetch_attachment(&with.id, &with.attachments[0].id)
        .await
        .expect("cached");
    assert!(!again.downloaded_now);
    assert_eq!(std::fs::read(&again.path).expect("copy"), plain);

    let mut secrets: Vec<Vec<u8>> = Vec::new();
    for t in tickets.iter().take(20) {
        secrets.push(t.id.clone().into_bytes());
        for field in [&t.citizen.name, &t.citizen.phone] {
            if field.chars().count() >= 2 && !field.contains('*') {
                secrets.push(field.clone().into_bytes());
            }
        }
    }
    assert!(secrets.len() > 20, "names or phones to look for");
    // A distinctive piece of the attachment's content.
    secrets.push(plain.iter().take(64).copied().collect());
    let secrets: Vec<&[u8]> = secrets.iter().map(Vec::as_slice).collect();
    let data_dir = desk.data_dir().to_path_buf();
    // While the desk runs, only the opened copy is readable: everything else is not.
    let kept = data_dir.join("attachments");
    assert_nothing_in_clear(&kept, &secrets);
    for file in ["cache.db", "cache.db-wal"] {
        let bytes = std::fs::read(data_dir.join(file)).unwrap_or_default();
        for secret in &secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == *secret),
                "{} is in clear in {file}",
                String::from_utf8_lossy(secret)
            );
        }
    }
    // Closed: the decrypted copies are gone, and the whole data directory is opaque.
    drop(desk);
    assert!(!data_dir.join("opened").exists());
    assert_nothing_in_clear(&data_dir, &secrets);

    // Reopened with the key from the keyring: everything is there.
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("reopens");
    assert_eq!(desk.tickets().expect("cache").len(), tickets.len());
}

#[tokio::test]
async fn a_cache_without_its_key_fails_with_a_clear_typed_error() {
    let world = World::start(152, 20).await;
    let keyring = Arc::new(TestKeyring::default());
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("opens");
    desk.sync_now().await.expect("sync");
    drop(desk);

    // The keyring lost the key (another user's keyring, a reset): the cache stays shut.
    let err = world
        .encrypted_desk("A", "a", &Arc::new(TestKeyring::default()))
        .await
        .expect_err("no key");
    assert_eq!(err.code(), ErrorCode::Storage);
    assert!(err.to_string().contains("已加密"), "{err}");
    // No keyring at all: the same.
    let err = Desk::open(DeskOptions {
        data_dir: world.data_dir("a"),
        ..DeskOptions::default()
    })
    .expect_err("no keyring");
    assert_eq!(err.code(), ErrorCode::Storage);
    assert!(matches!(
        err,
        desk_app::AppError::Store(StoreError::KeyMissing { .. })
    ));
    // The file was not touched by the failed attempts.
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("the right key still opens it");
    assert_eq!(desk.tickets().expect("cache").len(), 20);
}

#[tokio::test]
async fn an_old_plain_data_directory_is_converted_on_first_start_losing_nothing() {
    let world = World::start(153, 60).await;
    // The earlier version: no encryption.
    let old = world.desk("A", "a").await;
    assert!(!old.encrypted_at_rest());
    old.sync_now().await.expect("sync");
    let tickets = old.tickets().expect("cache");
    let with = tickets
        .iter()
        .find(|t| !t.attachments.is_empty())
        .expect("a ticket with an attachment");
    let attachment = &with.attachments[0];
    let opened = old
        .fetch_attachment(&with.id, &attachment.id)
        .await
        .expect("downloaded");
    let plain = std::fs::read(&opened.path).expect("plain file");
    let form = ReplyForm {
        text: format!("已联系{}，问题已处理", with.citizen.name),
        ..ReplyForm::default()
    };
    old.save_reply_draft(&with.id, &form, false)
        .expect("draft saved");
    let pending = tickets
        .iter()
        .find(|t| t.status == district_api::TicketStatus::PendingAck)
        .expect("a pending ticket");
    old.ack(&pending.id).expect("queued");
    let outbox = old.outbox().expect("outbox");
    assert_eq!(outbox.len(), 1);
    drop(old);

    // The new version with a keyring: converted in place.
    let keyring = Arc::new(TestKeyring::default());
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("converts");
    assert!(desk.encrypted_at_rest());
    assert_eq!(desk.tickets().expect("cache"), tickets);
    assert_eq!(desk.outbox().expect("outbox"), outbox);
    assert_eq!(
        desk.reply_workspace(&with.id).expect("workspace").form.text,
        form.text
    );
    assert!(
        key_of(&keyring, desk.data_dir()).is_some(),
        "the key is in the keyring"
    );
    let db = desk.data_dir().join("cache.db");
    assert!(matches!(
        Store::open(&db),
        Err(StoreError::KeyMissing { .. })
    ));
    // The attachment kept before is sealed now, and still opens (offline too).
    let files = files_under(&desk.data_dir().join("attachments"));
    assert_eq!(files.len(), 1, "{files:?}");
    let sealed = std::fs::read(&files[0]).expect("sealed");
    assert_ne!(sealed, plain);
    assert!(sealed.starts_with(b"LDSEAL01"));
    let again = desk
        .fetch_attachment(&with.id, &attachment.id)
        .await
        .expect("opens from the cache");
    assert!(!again.downloaded_now);
    assert_eq!(std::fs::read(&again.path).expect("copy"), plain);
    // The queued ack still goes out.
    desk.sync_now().await.expect("sync");
    let acks = world
        .sim
        .writes()
        .await
        .expect("writes")
        .into_iter()
        .filter(|w| w.kind == "ack" && w.ticket_id.as_deref() == Some(pending.id.as_str()))
        .count();
    assert_eq!(acks, 1);
}

#[tokio::test]
async fn a_wipe_forgets_the_key_so_a_copy_of_the_old_cache_stays_unreadable() {
    let world = World::start(154, 30).await;
    let keyring = Arc::new(TestKeyring::default());
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("opens");
    desk.sync_now().await.expect("sync");
    let data_dir = desk.data_dir().to_path_buf();
    // A thief's copy, taken while the app runs.
    let copy = world.data_dir("copy");
    std::fs::create_dir_all(&copy).expect("dir");
    for file in ["cache.db", "cache.db-wal"] {
        if data_dir.join(file).exists() {
            std::fs::copy(data_dir.join(file), copy.join(file)).expect("copy");
        }
    }
    let old_key = key_of(&keyring, &data_dir).expect("key");
    Store::open_with_key(&copy.join("cache.db"), Some(&old_key))
        .expect("the old key opens the copy");

    desk.sign_out(true).await.expect("wiped");
    let new_key = key_of(&keyring, &data_dir).expect("a new key for the new cache");
    assert_ne!(new_key, old_key, "the old key is gone from the keyring");
    assert!(matches!(
        Store::open_with_key(&copy.join("cache.db"), Some(&new_key)),
        Err(StoreError::WrongKey { .. })
    ));
    assert!(desk.tickets().expect("cache").is_empty());
    assert!(desk.encrypted_at_rest());

    // The desk goes on: signed in again, it syncs into the new encrypted cache.
    desk.sign_in(
        &world.sim.base_url(),
        district_sim::DEMO_OFFICER_A.0,
        &desk_app::Sensitive::new(district_sim::DEMO_OFFICER_A.1.to_owned()),
    )
    .await
    .expect("signs in");
    desk.sync_now().await.expect("sync");
    assert_eq!(desk.tickets().expect("cache").len(), 30);
    drop(desk);
    let desk = world
        .encrypted_desk("A", "a", &keyring)
        .await
        .expect("reopens with the new key");
    assert_eq!(desk.tickets().expect("cache").len(), 30);
}
