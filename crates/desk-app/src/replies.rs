//! Standardized replies: the officer's draft (saved as they type, with versions), the
//! unit's shared A/B draft on the district (queued through the outbox, collisions shown
//! with both texts), the reply linter with the district's rules, and sending.

use crate::ipc::{
    Choice, ContactMethodView, DraftCollision, DraftSaved, DraftVersionView, LintFinding,
    OutboxEntry, ReplyForm, ReplyOutcomeView, ReplyTemplateView, ReplyWorkspace, SharedDraftInfo,
};
use crate::{AppError, Desk};
use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use desk_domain::reply_lint::{Finding, LintInput, blocks, default_reply_rules, lint_reply};
use desk_domain::reply_template::{
    TemplateFacts, contact_method_label, fill_template, outcome_label,
};
use desk_store::{LocalDraft, OutboxKind, OutboxRow, OutboxState, VersionSource};
use district_api::{
    ContactMethod, Draft, OurRole, PartialReply, Reply, ReplyOutcome, ReplyRules, TicketStatus,
};

const SETTING_REPLY_RULES: &str = "reply_rules";

fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_owned())
}

/// The form's fields as a contract partial reply (empty fields are absent), with times
/// in the ticket's offset.
pub fn form_to_partial(form: &ReplyForm, offset: &FixedOffset) -> PartialReply {
    PartialReply {
        outcome: form.outcome.map(ReplyOutcome::from),
        text: non_empty(&form.text),
        citizen_contacted_at: form
            .citizen_contacted_ms
            .and_then(DateTime::from_timestamp_millis)
            .map(|t| t.with_timezone(offset)),
        contact_method: form.contact_method.map(ContactMethod::from),
        contact_name: non_empty(&form.contact_name),
        contact_phone: non_empty(&form.contact_phone),
        policy_basis: non_empty(&form.policy_basis),
        addresses_redo_reason: non_empty(&form.addresses_redo_reason),
    }
}

/// A partial reply as the form shows it.
pub fn partial_to_form(p: &PartialReply) -> ReplyForm {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    ReplyForm {
        outcome: p.outcome.as_ref().and_then(ReplyOutcomeView::of),
        text: s(&p.text),
        citizen_contacted_ms: p.citizen_contacted_at.map(|t| t.timestamp_millis()),
        contact_method: p.contact_method.as_ref().and_then(ContactMethodView::of),
        contact_name: s(&p.contact_name),
        contact_phone: s(&p.contact_phone),
        policy_basis: s(&p.policy_basis),
        addresses_redo_reason: s(&p.addresses_redo_reason),
    }
}

/// A complete reply, when every required field is there.
fn complete(p: &PartialReply) -> Option<Reply> {
    Some(Reply {
        outcome: p.outcome.clone()?,
        text: p.text.clone()?,
        citizen_contacted_at: p.citizen_contacted_at?,
        contact_method: p.contact_method.clone()?,
        contact_name: p.contact_name.clone()?,
        contact_phone: p.contact_phone.clone()?,
        policy_basis: p.policy_basis.clone(),
        addresses_redo_reason: p.addresses_redo_reason.clone(),
    })
}

/// The free text of a draft, for deciding when to keep a version.
fn prose(p: &PartialReply) -> String {
    [&p.text, &p.policy_basis, &p.addresses_redo_reason]
        .into_iter()
        .map(|s| s.as_deref().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The IPC form of a finding.
pub fn finding_view(f: &Finding) -> LintFinding {
    let offset = |o: Option<usize>| o.and_then(|v| u32::try_from(v).ok());
    LintFinding {
        code: f.code,
        field: f.field.clone(),
        blocking: f.blocking,
        message: f.message.clone(),
        matched: f.matched.clone(),
        start: offset(f.start),
        end: offset(f.end),
    }
}

/// Beijing time, in which the district's dates are read.
fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

fn shanghai_hm(t: &district_api::Timestamp) -> String {
    t.with_timezone(&beijing())
        .format("%m-%d %H:%M")
        .to_string()
}

/// Outbox rows of `kind` for one ticket, oldest first.
fn rows_of(rows: &[OutboxRow], ticket_id: &str, kind: OutboxKind) -> Vec<OutboxRow> {
    rows.iter()
        .filter(|r| r.kind == kind && r.ticket_id.as_deref() == Some(ticket_id))
        .cloned()
        .collect()
}

impl Desk {
    /// The district's reply rules as last fetched, or the bundled set (first start,
    /// offline, or a cached copy that no longer parses).
    pub fn reply_rules(&self) -> Result<ReplyRules, AppError> {
        let cached = self.store()?.setting(SETTING_REPLY_RULES)?;
        Ok(cached
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_else(default_reply_rules))
    }

    /// Fetches the district's reply rules and caches them. A failure keeps the cached
    /// rules and is only logged: replies can be drafted and checked offline.
    pub(crate) async fn refresh_reply_rules(&self, unit_id: &str) {
        let Ok(client) = self.client() else { return };
        match self
            .retry_policy()
            .run(|| client.reply_rules(unit_id))
            .await
        {
            Ok(rules) => match serde_json::to_string(&rules) {
                Ok(json) => {
                    if let Err(e) = self
                        .store()
                        .and_then(|s| Ok(s.set_setting(SETTING_REPLY_RULES, &json)?))
                    {
                        tracing::warn!(error = %e, "could not cache the reply rules");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "could not encode the reply rules"),
            },
            Err(e) => {
                tracing::info!(error = %e.for_log(), "reply rules not refreshed; keeping the cached ones")
            }
        }
    }

    /// Runs the reply linter on `reply` to ticket `id` at `now` (server-corrected).
    pub fn lint_reply_at(
        &self,
        id: &str,
        reply: &PartialReply,
        now: DateTime<Utc>,
    ) -> Result<Vec<Finding>, AppError> {
        let ticket = self.ticket(id)?;
        let rules = self.reply_rules()?;
        Ok(lint_reply(&LintInput {
            reply,
            ticket: &ticket,
            rules: &rules,
            now,
        }))
    }

    /// [`Desk::lint_reply_at`] at the server-corrected now.
    pub fn lint_reply(&self, id: &str, reply: &PartialReply) -> Result<Vec<Finding>, AppError> {
        self.lint_reply_at(id, reply, self.server_now()?)
    }

    /// The reply editor of ticket `id`. A newer shared draft from the district replaces
    /// the local text when the officer has no unsent edits (the local text is kept as a
    /// version); with unsent edits, both are shown as a collision.
    pub fn reply_workspace(&self, id: &str) -> Result<ReplyWorkspace, AppError> {
        let ticket = self.ticket(id)?;
        let me = self.cached_officer_id();
        let (mut local, server, rows) = {
            let store = self.store()?;
            (
                store.local_draft(id)?,
                store.server_draft(id)?,
                store.outbox()?,
            )
        };
        let drafts = rows_of(&rows, id, OutboxKind::Draft);
        let draft_pending = drafts
            .iter()
            .any(|r| matches!(r.state, OutboxState::Pending | OutboxState::Blocked));
        let draft_conflict = drafts.iter().any(|r| r.state == OutboxState::Conflict);

        if let Some(server) = &server {
            let behind = local
                .as_ref()
                .is_none_or(|l| server.revision > l.base_revision.unwrap_or(0));
            let quiet = local
                .as_ref()
                .is_none_or(|l| !l.has_unshared_edits() && !draft_pending && !draft_conflict);
            if behind && quiet {
                self.store()?.replace_local_draft(
                    id,
                    &server.reply,
                    VersionSource::ReplacedByShared,
                    Some(server.revision),
                    now_ms(),
                )?;
                local = self.store()?.local_draft(id)?;
            }
        }

        let collision = server.as_ref().and_then(|s| {
            let l = local.as_ref()?;
            let theirs_newer = s.revision > l.base_revision.unwrap_or(0)
                && me.as_deref() != Some(s.updated_by.id.as_str());
            let unsent = l.has_unshared_edits() || draft_pending;
            ((theirs_newer && unsent) || draft_conflict).then(|| self.collision(s))
        });

        let reply = match &local {
            Some(l) => l.reply.clone(),
            None => self.fresh_reply(),
        };
        let findings = self.lint_reply(id, &reply)?;
        let rules = self.reply_rules()?;
        let today = self.server_now()?.with_timezone(&beijing()).date_naive();
        let facts = TemplateFacts::for_reply(&ticket, &reply, today);
        let templates = rules
            .templates
            .iter()
            // A template for an outcome this version does not know could never be offered
            // (the form offers the known outcomes only).
            .filter_map(|t| {
                Some(ReplyTemplateView {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    outcome: ReplyOutcomeView::of(&t.outcome)?,
                    body: fill_template(&t.body, &facts),
                })
            })
            .collect();
        let reply_entry = rows_of(&rows, id, OutboxKind::Reply)
            .into_iter()
            .rev()
            .find(|r| r.state != OutboxState::Discarded)
            .map(OutboxEntry::from);
        let version_count = u32::try_from(self.store()?.draft_versions(id)?.len()).unwrap_or(0);
        let open = matches!(ticket.status, TicketStatus::InProgress | TicketStatus::Redo);
        Ok(ReplyWorkspace {
            ticket_id: ticket.id.clone(),
            title: ticket.title.clone(),
            can_reply: open && ticket.our_role == OurRole::Lead,
            is_redo: ticket.status == TicketStatus::Redo,
            redo_reason: ticket.redo.as_ref().map(|r| r.reason.clone()),
            callback_comment: ticket.callback.as_ref().map(|c| c.comment.clone()),
            form: partial_to_form(&reply),
            saved_ms: local.as_ref().map(|l| l.updated_ms),
            unshared: local.as_ref().is_some_and(LocalDraft::has_unshared_edits) || draft_pending,
            shared: server.as_ref().map(|s| SharedDraftInfo {
                revision: s.revision,
                updated_by: s.updated_by.name.clone(),
                updated_at_ms: s.updated_at.timestamp_millis(),
                mine: me.as_deref() == Some(s.updated_by.id.as_str()),
            }),
            collision,
            blocked: blocks(&findings),
            findings: findings.iter().map(finding_view).collect(),
            templates,
            outcomes: ReplyOutcome::KNOWN
                .iter()
                .filter_map(|o| {
                    Some(Choice {
                        value: ReplyOutcomeView::of(o)?,
                        label: outcome_label(o),
                    })
                })
                .collect(),
            contact_methods: ContactMethod::KNOWN
                .iter()
                .filter_map(|m| {
                    Some(Choice {
                        value: ContactMethodView::of(m)?,
                        label: contact_method_label(m),
                    })
                })
                .collect(),
            rules_revision: rules.revision,
            reply_entry,
            version_count,
        })
    }

    fn cached_officer_id(&self) -> Option<String> {
        self.cached_officer().map(|o| o.id)
    }

    /// A new reply: the signed-in officer as the unit's contact.
    fn fresh_reply(&self) -> PartialReply {
        let officer = self.cached_officer();
        PartialReply {
            contact_name: officer.as_ref().map(|o| o.name.clone()),
            contact_phone: officer.as_ref().and_then(|o| non_empty(&o.phone)),
            ..PartialReply::default()
        }
    }

    fn collision(&self, theirs: &Draft) -> DraftCollision {
        let role = self
            .store()
            .ok()
            .and_then(|s| {
                let unit = self.cached_officer()?.unit_id;
                s.duty(&unit).ok().flatten()
            })
            .and_then(|d| {
                if d.a.id == theirs.updated_by.id {
                    Some("A角 ")
                } else if d.b.id == theirs.updated_by.id {
                    Some("B角 ")
                } else {
                    None
                }
            })
            .unwrap_or("");
        DraftCollision {
            theirs: partial_to_form(&theirs.reply),
            by: theirs.updated_by.name.clone(),
            at_ms: theirs.updated_at.timestamp_millis(),
            summary: format!(
                "{role}{} {} 更新了草稿",
                theirs.updated_by.name,
                shanghai_hm(&theirs.updated_at)
            ),
        }
    }

    /// Saves the form as the officer types (keeping the earlier text as a version when a
    /// stretch was overwritten, or every two minutes) and, with `share`, queues it for
    /// the unit's shared draft on the district (coalesced: only the newest text goes).
    /// Not shared while a collision waits for the officer.
    pub fn save_reply_draft(
        &self,
        id: &str,
        form: &ReplyForm,
        share: bool,
    ) -> Result<DraftSaved, AppError> {
        let ticket = self.ticket(id)?;
        let reply = form_to_partial(form, ticket.dispatched_at.offset());
        let now = now_ms();
        let saved = {
            let mut store = self.store()?;
            let previous = store.local_draft(id)?;
            let since = store
                .last_version_ms(id)?
                .map(|ms| Duration::milliseconds(now - ms));
            let keep = previous.as_ref().is_some_and(|p| {
                desk_domain::drafts::keep_version(&prose(&p.reply), &prose(&reply), since)
            });
            store.save_local_draft(id, &reply, keep, now)?
        };
        let shared_queued = share && self.share_draft(&saved)?;
        let findings = self.lint_reply(id, &reply)?;
        Ok(DraftSaved {
            saved_ms: saved.updated_ms,
            blocked: blocks(&findings),
            findings: findings.iter().map(finding_view).collect(),
            shared_queued,
        })
    }

    /// Queues the local text for the shared draft, building on the revision it was based
    /// on (so a newer text from the other officer answers 412, never gets overwritten).
    fn share_draft(&self, draft: &LocalDraft) -> Result<bool, AppError> {
        let store = self.store()?;
        let conflict = rows_of(&store.outbox()?, &draft.ticket_id, OutboxKind::Draft)
            .iter()
            .any(|r| r.state == OutboxState::Conflict);
        if conflict {
            return Ok(false);
        }
        store.mark_local_draft_shared(&draft.ticket_id, draft.base_revision, now_ms())?;
        let body = serde_json::json!({ "reply": draft.reply });
        self.enqueue(
            store,
            Some(&draft.ticket_id),
            OutboxKind::Draft,
            body,
            draft.base_revision,
        )?;
        Ok(true)
    }

    /// Ends a collision with the text the officer chose (theirs, mine, or merged by hand):
    /// the refused draft write is dropped, the chosen text becomes the draft, and unless
    /// it is theirs unchanged it is queued on top of their revision. Both earlier texts
    /// stay in the versions.
    pub fn resolve_draft_collision(
        &self,
        id: &str,
        form: &ReplyForm,
    ) -> Result<ReplyWorkspace, AppError> {
        let ticket = self.ticket(id)?;
        let chosen = form_to_partial(form, ticket.dispatched_at.offset());
        let now = now_ms();
        {
            let mut store = self.store()?;
            let server = store.server_draft(id)?;
            for row in rows_of(&store.outbox()?, id, OutboxKind::Draft) {
                if row.state == OutboxState::Conflict {
                    store.outbox_discard(row.id, now)?;
                }
            }
            let Some(server) = server else {
                drop(store);
                self.save_reply_draft(id, form, true)?;
                return self.reply_workspace(id);
            };
            // Theirs goes into the versions too, then the chosen text on their revision.
            store.replace_local_draft(
                id,
                &server.reply,
                VersionSource::ReplacedByShared,
                Some(server.revision),
                now,
            )?;
            store.replace_local_draft(
                id,
                &chosen,
                VersionSource::ReplacedByRestore,
                Some(server.revision),
                now,
            )?;
            if chosen != server.reply {
                let draft = LocalDraft {
                    ticket_id: id.to_owned(),
                    reply: chosen,
                    base_revision: Some(server.revision),
                    updated_ms: now,
                    shared_ms: None,
                };
                drop(store);
                self.share_draft(&draft)?;
            }
        }
        self.reply_workspace(id)
    }

    /// Earlier versions of the draft, newest first.
    pub fn draft_versions(&self, id: &str) -> Result<Vec<DraftVersionView>, AppError> {
        Ok(self
            .store()?
            .draft_versions(id)?
            .into_iter()
            .map(|v| DraftVersionView {
                id: v.id,
                saved_ms: v.saved_ms,
                source_label: match v.source {
                    VersionSource::Typed => "自动保存",
                    VersionSource::ReplacedByShared => "被共享草稿替换前",
                    VersionSource::ReplacedByRestore => "恢复旧版本前",
                }
                .to_owned(),
                preview: v
                    .reply
                    .text
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(60)
                    .collect(),
                form: partial_to_form(&v.reply),
            })
            .collect())
    }

    /// Brings an earlier version back as the draft (the text it replaces becomes a version).
    pub fn restore_draft_version(
        &self,
        id: &str,
        version_id: i64,
    ) -> Result<ReplyWorkspace, AppError> {
        let version = self
            .store()?
            .draft_versions(id)?
            .into_iter()
            .find(|v| v.id == version_id)
            .ok_or_else(|| AppError::InvalidInput(format!("草稿没有版本 #{version_id}")))?;
        self.store()?.replace_local_draft(
            id,
            &version.reply,
            VersionSource::ReplacedByRestore,
            None,
            now_ms(),
        )?;
        self.reply_workspace(id)
    }

    /// Sends the draft as the reply: lint → queue in the outbox (the caller flushes).
    /// A reply the district refused before (422, or 412 after the ticket changed) is
    /// replaced by this one; the officer has reviewed it.
    pub fn send_reply(&self, id: &str) -> Result<OutboxEntry, AppError> {
        let local = self
            .store()?
            .local_draft(id)?
            .ok_or_else(|| AppError::ReplyNotReady("还没有填写答复".into()))?;
        let rows = self.store()?.outbox()?;
        if rows_of(&rows, id, OutboxKind::Draft)
            .iter()
            .any(|r| r.state == OutboxState::Conflict)
        {
            return Err(AppError::ReplyNotReady(
                "另一位联络员更新了草稿：请先处理草稿冲突".into(),
            ));
        }
        let replies = rows_of(&rows, id, OutboxKind::Reply);
        if replies.iter().any(|r| {
            matches!(
                r.state,
                OutboxState::Pending | OutboxState::Blocked | OutboxState::Sent
            )
        }) {
            return Err(AppError::ReplyNotReady("该工单的答复已提交".into()));
        }
        let findings = self.lint_reply(id, &local.reply)?;
        if blocks(&findings) {
            let first: Vec<&str> = findings
                .iter()
                .filter(|f| f.blocking)
                .take(3)
                .map(|f| f.message.as_str())
                .collect();
            return Err(AppError::ReplyNotReady(format!(
                "答复不符合规范，不能发送：{}",
                first.join("；")
            )));
        }
        let reply = complete(&local.reply)
            .ok_or_else(|| AppError::ReplyNotReady("答复缺少必填项".into()))?;
        let now = now_ms();
        for row in replies {
            if matches!(row.state, OutboxState::Conflict | OutboxState::Rejected) {
                self.store()?.outbox_discard(row.id, now)?;
            }
        }
        self.reply(id, &reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_partial_replies_round_trip_with_empty_fields_absent() {
        let offset = beijing();
        let form = ReplyForm {
            outcome: Some(ReplyOutcomeView::PartiallyResolved),
            text: "经查……".into(),
            citizen_contacted_ms: Some(1_795_000_000_000),
            contact_method: Some(ContactMethodView::Visit),
            contact_name: "王五".into(),
            contact_phone: "   ".into(),
            policy_basis: String::new(),
            addresses_redo_reason: "已重新核实".into(),
        };
        let partial = form_to_partial(&form, &offset);
        assert_eq!(partial.outcome, Some(ReplyOutcome::PartiallyResolved));
        assert_eq!(partial.contact_method, Some(ContactMethod::Visit));
        assert_eq!(partial.contact_phone, None, "blank is not filled in");
        assert_eq!(partial.policy_basis, None);
        assert_eq!(
            partial
                .citizen_contacted_at
                .map(|t| t.offset().local_minus_utc()),
            Some(8 * 3600),
            "in the ticket's offset"
        );
        let back = partial_to_form(&partial);
        assert_eq!(
            back,
            ReplyForm {
                contact_phone: String::new(),
                ..form
            }
        );
        assert!(complete(&partial).is_none(), "no phone: not complete");
    }
}
