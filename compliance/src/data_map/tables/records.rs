//! Records the service keeps about people: the audit trail, mail, consent, policies,
//! breaches and restrictions of processing.

use super::super::{
    Category::*,
    Export::*,
    Reach::*,
    ReferenceRule::{self, SetNull},
    RowAction::{self, *},
    Subject::*,
    TableMap,
    classes::{ctx, given, names, np, seen, user_id},
};

const AUDIT_REASON: &str = "the accountability record (GDPR Art. 5(2)): who did what to whom must outlive \
                            the people it names; entries hold ids, never the values changed";
const AUDIT_ROWS: RowAction = KeepUnderLegalObligation { reason: AUDIT_REASON };
const AUDIT_REFERENCE: ReferenceRule = ReferenceRule::KeepUnderLegalObligation { reason: AUDIT_REASON };

pub const AUDIT_LOG: TableMap = TableMap {
    table: "audit_log",
    // Entries about the person and entries of what they did; deliberately without a foreign
    // key to `users`, so deleting the account leaves the trail intact.
    subject: Person { reach: &[Direct { column: "subject_id" }, Direct { column: "actor_id" }], rows: AUDIT_ROWS },
    columns: &[
        np("seq"),
        np("id"),
        seen("occurred_at", Behavioural),
        ctx("actor_kind", Access),
        user_id("actor_id").refers(AUDIT_REFERENCE),
        seen("action", Behavioural),
        user_id("subject_id").refers(AUDIT_REFERENCE),
        ctx("object_type", Access),
        ctx("object_id", Access),
        ctx("detail", Access),
        np("request_id"),
        np("prev_hash"),
        np("hash"),
    ],
};

pub const AUDIT_CHAIN_HEADS: TableMap = TableMap {
    table: "audit_chain_heads",
    subject: NoOne { reason: "the head of the audit hash chain: a sequence number and a hash" },
    columns: &[np("chain"), np("last_seq"), np("last_hash")],
};

pub const OUTBOX_EMAILS: TableMap = TableMap {
    // Queued mail; a person's pending and sent mail goes with them.
    table: "outbox_emails",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        user_id("user_id"),
        seen("to_address", Contact),
        ctx("kind", Access),
        seen("subject", Content),
        seen("body", Content),
        ctx("status", Access),
        np("attempts"),
        np("next_attempt_at"),
        np("lease_until"),
        np("created_at"),
        seen("sent_at", Behavioural),
        np("last_error"),
    ],
};

pub const CONSENT_EVENTS: TableMap = TableMap {
    // The consent ledger: what a person agreed to and when. Goes with the person.
    table: "consent_events",
    subject: Person { reach: &[Direct { column: "subject_id" }], rows: Delete },
    columns: &[
        np("id"),
        user_id("subject_id"),
        seen("purpose", Behavioural),
        seen("granted", Behavioural),
        seen("occurred_at", Behavioural),
        ctx("policy_version", Access),
        seen("source", Behavioural),
        seen("user_agent_family", Behavioural),
        seen("country", Behavioural),
        seen("signal_context", Behavioural),
    ],
};

pub const POLICY_VERSIONS: TableMap = TableMap {
    table: "policy_versions",
    subject: NoOne { reason: "the published policy texts; the publisher is only named" },
    columns: &[
        np("id"),
        np("version"),
        np("summary"),
        np("url"),
        np("material"),
        np("published_at"),
        np("effective_at"),
        names("published_by", SetNull),
    ],
};

pub const POLICY_ACKNOWLEDGEMENTS: TableMap = TableMap {
    table: "policy_acknowledgements",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[np("id"), user_id("user_id"), ctx("policy_version_id", Access), seen("acknowledged_at", Behavioural)],
};

pub const BREACHES: TableMap = TableMap {
    // The register is kept (GDPR Art. 33(5)); its free text describes the incident and must
    // not name people. Who is affected lives in `breach_subjects`.
    table: "breaches",
    subject: NoOne { reason: "the breach register, kept under GDPR Art. 33(5); its recorder is only named" },
    columns: &[
        np("id"),
        np("detected_at"),
        np("became_aware_at"),
        np("recorded_at"),
        names("recorded_by", SetNull),
        np("description"),
        np("data_categories"),
        np("subjects_estimate"),
        np("risk_level"),
        np("containment"),
        np("jurisdictions"),
    ],
};

pub const BREACH_SUBJECTS: TableMap = TableMap {
    // Erasure removes the link; the breach keeps its estimate of people affected.
    table: "breach_subjects",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[np("id"), ctx("breach_id", Access), user_id("user_id")],
};

pub const BREACH_EVENTS: TableMap = TableMap {
    table: "breach_events",
    subject: NoOne { reason: "the breach register's history, kept with it; its recorder is only named" },
    columns: &[
        np("id"),
        np("breach_id"),
        np("kind"),
        np("occurred_at"),
        np("recorded_at"),
        names("recorded_by", SetNull),
        np("jurisdiction"),
        np("reference"),
        np("risk_level"),
        np("containment"),
        np("notices_queued"),
    ],
};

pub const PROCESSING_RESTRICTIONS: TableMap = TableMap {
    // Kept while the person's account exists: it is their instruction to us.
    table: "processing_restrictions",
    subject: Person { reach: &[Direct { column: "user_id" }], rows: Delete },
    columns: &[
        np("id"),
        user_id("user_id"),
        given("kind", Content),
        given("started_at", Behavioural),
        given("lifted_at", Behavioural),
    ],
};
