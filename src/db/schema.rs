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

diesel::table! {
    /// People who log in.
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        roles -> Text,
        scope_unit_id -> Nullable<Text>,
        employee_id -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Integration clients (client_credentials grant).
    clients (id) {
        id -> Text,
        name -> Text,
        secret_hash -> Text,
        scopes -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        token_hash -> Text,
        family_id -> Text,
        user_id -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        username -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    settings (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, refresh_tokens);

diesel::table! {
    /// The org unit tree.
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Employees (PNS and PPPK).
    employees (id) {
        id -> Text,
        nip -> Text,
        name -> Text,
        email -> Nullable<Text>,
        asn_type -> Text,
        rank -> Text,
        position_title -> Text,
        position_type -> Text,
        unit_id -> Text,
        supervisor_id -> Nullable<Text>,
        status -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
