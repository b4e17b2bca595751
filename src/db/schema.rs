// Written by hand with portable types (diesel print-schema is per backend): TEXT for ids and
// enums, TIMESTAMP in UTC. Keep in step with both migration folders.

diesel::table! {
    /// The append-only audit trail: who changed what, when, before/after, and why.
    audit_events (id) {
        id -> Text,
        occurred_at -> Timestamp,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        entity_type -> Text,
        entity_id -> Text,
        action -> Text,
        before_state -> Nullable<Text>,
        after_state -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}
