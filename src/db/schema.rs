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
        token_generation -> BigInt,
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
        address -> Text,
        pending -> Bool,
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
        /// "/" + the ids from the root down to this unit, each followed by "/".
        path -> Text,
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
        /// The path of the employee's unit.
        unit_path -> Text,
        /// "/" + the ids of the superior chain from the top down to this employee, each
        /// followed by "/".
        chain -> Text,
    }
}

diesel::table! {
    /// Performance periods.
    periods (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        starts_on -> Date,
        ends_on -> Date,
        regime -> Text,
        uses_360 -> Bool,
        sub_periods -> Text,
        status -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        count_additional_in_rating -> Bool,
        head_rating_from_unit -> Bool,
        objection_window_days -> Integer,
        distribution_min_unit_size -> Integer,
        evaluation_due_days -> Integer,
        guidance_min_per_semester -> Integer,
    }
}

diesel::table! {
    /// Performance plans (SKP), one row per revision.
    plans (id) {
        id -> Text,
        employee_id -> Text,
        period_id -> Text,
        position_title -> Text,
        unit_id -> Text,
        appraiser_id -> Nullable<Text>,
        appraiser_pinned -> Bool,
        status -> Text,
        revision -> Integer,
        revision_of -> Nullable<Text>,
        superseded_by -> Nullable<Text>,
        return_reason -> Nullable<Text>,
        created_by -> Text,
        submitted_by -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        approved_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Work results (RHK) of a plan.
    plan_results (id) {
        id -> Text,
        plan_id -> Text,
        position -> Integer,
        kind -> Text,
        title -> Text,
        parent_result_id -> Nullable<Text>,
        weight_hundredths -> Nullable<BigInt>,
        expectation -> Nullable<Text>,
        revised_from -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Indicators (IKI) of a work result.
    plan_indicators (id) {
        id -> Text,
        result_id -> Text,
        plan_id -> Text,
        position -> Integer,
        aspect -> Text,
        description -> Text,
        target_value -> Nullable<Text>,
        target_min -> Nullable<Text>,
        target_max -> Nullable<Text>,
        unit -> Text,
        direction -> Text,
        target_is_max -> Bool,
        combine -> Text,
    }
}

diesel::table! {
    /// Realisations of indicators, per sub-period; corrections append.
    realizations (id) {
        id -> Text,
        plan_id -> Text,
        indicator_id -> Text,
        sub_period -> Integer,
        value -> Text,
        evidence_text -> Nullable<Text>,
        evidence_links -> Text,
        entered_by -> Text,
        entered_at -> Timestamp,
    }
}

diesel::table! {
    /// 360° behaviour assessment rounds.
    assessment_rounds (id) {
        id -> Text,
        period_id -> Text,
        name -> Text,
        regime -> Text,
        unit_id -> Nullable<Text>,
        scope_unit_id -> Text,
        weight_supervisor -> Integer,
        weight_peer -> Integer,
        weight_subordinate -> Integer,
        weight_self -> Integer,
        min_raters -> Integer,
        closes_at -> Nullable<Timestamp>,
        status -> Text,
        created_by -> Text,
        opened_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Who is assessed in a round.
    assessment_assessees (round_id, employee_id) {
        round_id -> Text,
        employee_id -> Text,
        managerial -> Bool,
    }
}

diesel::table! {
    /// Who rates whom in a round, and the rater's answer.
    assessment_assignments (id) {
        id -> Text,
        round_id -> Text,
        assessee_id -> Text,
        rater_id -> Text,
        rater_group -> Text,
        answer -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(assessment_assignments -> assessment_rounds (round_id));
diesel::allow_tables_to_appear_in_same_query!(
    assessment_rounds,
    assessment_assessees,
    assessment_assignments,
    employees
);
diesel::allow_tables_to_appear_in_same_query!(assessment_rounds, units);

diesel::table! {
    /// Evaluations of a plan, one per slot.
    evaluations (id) {
        id -> Text,
        plan_id -> Text,
        period_id -> Text,
        employee_id -> Text,
        unit_id -> Text,
        appraiser_id -> Nullable<Text>,
        slot -> Text,
        regime -> Text,
        status -> Text,
        suggested_work_rating -> Nullable<Text>,
        work_rating -> Nullable<Text>,
        work_rating_reason -> Nullable<Text>,
        suggested_behaviour_rating -> Nullable<Text>,
        behaviour_rating -> Nullable<Text>,
        behaviour_rating_reason -> Nullable<Text>,
        behaviour_aspects -> Nullable<Text>,
        innovation -> Nullable<Text>,
        notes -> Nullable<Text>,
        skp_score -> Nullable<BigInt>,
        behaviour_score -> Nullable<BigInt>,
        final_score -> Nullable<BigInt>,
        predikat -> Nullable<Text>,
        explanation -> Nullable<Text>,
        rated_by -> Nullable<Text>,
        rated_at -> Nullable<Timestamp>,
        finalized_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The appraiser's feedback and rating per work result.
    evaluation_results (evaluation_id, result_id) {
        evaluation_id -> Text,
        result_id -> Text,
        feedback -> Text,
        rating -> Nullable<Text>,
    }
}

diesel::table! {
    /// The appraiser's feedback and rating per BerAKHLAK value.
    evaluation_behaviours (evaluation_id, core_value) {
        evaluation_id -> Text,
        core_value -> Text,
        feedback -> Text,
        rating -> Nullable<Text>,
    }
}

diesel::table! {
    /// A unit's organisation predikat per period and slot.
    unit_performance (id) {
        id -> Text,
        unit_id -> Text,
        period_id -> Text,
        slot -> Text,
        predikat -> Text,
        basis -> Nullable<Text>,
        decision_ref -> Nullable<Text>,
        set_by -> Text,
        finalized_at -> Nullable<Timestamp>,
        finalize_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Objections against final evaluations.
    objections (id) {
        id -> Text,
        evaluation_id -> Text,
        employee_id -> Text,
        decider_id -> Nullable<Text>,
        status -> Text,
        reasons -> Text,
        evidence -> Nullable<Text>,
        decision_reason -> Nullable<Text>,
        predikat_before -> Nullable<Text>,
        predikat_after -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Explanations given in an objection by the appraiser or the employee.
    objection_explanations (id) {
        id -> Text,
        objection_id -> Text,
        author_id -> Text,
        author_role -> Text,
        text -> Text,
        created_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    evaluations,
    evaluation_results,
    evaluation_behaviours,
    objections,
    objection_explanations,
    unit_performance
);
diesel::allow_tables_to_appear_in_same_query!(evaluations, units);
diesel::allow_tables_to_appear_in_same_query!(unit_performance, units);
diesel::allow_tables_to_appear_in_same_query!(objections, units);

diesel::joinable!(plans -> periods (period_id));
diesel::joinable!(plans -> employees (employee_id));
diesel::allow_tables_to_appear_in_same_query!(
    plans,
    periods,
    employees,
    plan_results,
    plan_indicators,
    units
);

diesel::table! {
    /// Guidance sessions (bimbingan kinerja).
    guidance_sessions (id) {
        id -> Text,
        kind -> Text,
        held_on -> Date,
        topic -> Text,
        problem_method -> Nullable<Text>,
        problem_process -> Nullable<Text>,
        problem_quality -> Nullable<Text>,
        agreed_actions -> Nullable<Text>,
        appreciation -> Nullable<Text>,
        plan_id -> Nullable<Text>,
        result_ids -> Text,
        giver_id -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The employees of a guidance session.
    guidance_participants (session_id, employee_id) {
        session_id -> Text,
        employee_id -> Text,
    }
}

diesel::table! {
    /// Form B.1.8 per employee of a session.
    guidance_feedback (session_id, employee_id) {
        session_id -> Text,
        employee_id -> Text,
        answers -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    /// Form B.1.9 per employee of a session.
    guidance_competencies (session_id, employee_id) {
        session_id -> Text,
        employee_id -> Text,
        items -> Text,
        evaluated_at -> Timestamp,
    }
}

diesel::table! {
    /// Counseling cases (konseling kinerja), confidential.
    counseling_cases (id) {
        id -> Text,
        employee_id -> Text,
        unit_id -> Text,
        source -> Text,
        source_ref -> Nullable<Text>,
        description -> Text,
        status -> Text,
        identified_by -> Text,
        counselor_kind -> Nullable<Text>,
        counselor_id -> Nullable<Text>,
        recipient_kind -> Nullable<Text>,
        recipient_id -> Nullable<Text>,
        scheduled_at -> Nullable<Timestamp>,
        place -> Nullable<Text>,
        record -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        reported_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Addenda to a signed counseling record.
    counseling_addenda (id) {
        id -> Text,
        case_id -> Text,
        author_id -> Text,
        text -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Follow-ups decided for a counseling case.
    counseling_follow_ups (id) {
        id -> Text,
        case_id -> Text,
        kind -> Text,
        owner_id -> Text,
        due_on -> Date,
        note -> Nullable<Text>,
        status -> Text,
        outcome -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Every read of a counseling case.
    counseling_reads (id) {
        id -> Text,
        case_id -> Text,
        reader_id -> Text,
        reader_name -> Text,
        what -> Text,
        read_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    guidance_sessions,
    guidance_participants,
    guidance_feedback,
    guidance_competencies,
    employees
);
diesel::allow_tables_to_appear_in_same_query!(counseling_cases, counseling_follow_ups, units);

diesel::table! {
    /// The change feed, in commit order (`seq`).
    changes (id) {
        id -> Text,
        seq -> Nullable<BigInt>,
        entity_type -> Text,
        entity_id -> Text,
        action -> Text,
        version -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    /// Responses kept for idempotent retries.
    idempotency_keys (caller, key) {
        caller -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        headers -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}
