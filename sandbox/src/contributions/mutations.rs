//! The seven owner mutations on import source users, with GitLab's payloads (`errors` = refused, and why).

use super::model::*;
use super::scalars::{gid_number, ImportSourceUserId, NamespaceId, UserId};
use super::schema::{caller, render, GqlSourceUser};
use super::seed::sync;
use crate::world::World;
use crate::Shared;
use async_graphql::{Context, Error, InputObject, Object, Result, SimpleObject};

#[derive(InputObject)]
pub struct ImportSourceUserReassignInput {
    id: ImportSourceUserId,
    assignee_user_id: UserId,
    client_mutation_id: Option<String>,
}

/// The input of the single-user mutations besides reassign (each has its own name in GitLab's schema).
macro_rules! id_input {
    ($ty:ident) => {
        #[derive(InputObject)]
        pub struct $ty {
            id: ImportSourceUserId,
            client_mutation_id: Option<String>,
        }
    };
}
id_input!(ImportSourceUserCancelReassignmentInput);
id_input!(ImportSourceUserKeepAsPlaceholderInput);
id_input!(ImportSourceUserUndoKeepAsPlaceholderInput);
id_input!(ImportSourceUserResendNotificationInput);
id_input!(ImportSourceUserRetryFailedReassignmentInput);

#[derive(InputObject)]
pub struct ImportSourceUserKeepAllAsPlaceholderInput {
    namespace_id: NamespaceId,
    client_mutation_id: Option<String>,
}

macro_rules! payload {
    ($ty:ident) => {
        #[derive(SimpleObject)]
        pub struct $ty {
            client_mutation_id: Option<String>,
            errors: Vec<String>,
            import_source_user: Option<GqlSourceUser>,
        }
    };
}
payload!(ImportSourceUserReassignPayload);
payload!(ImportSourceUserCancelReassignmentPayload);
payload!(ImportSourceUserKeepAsPlaceholderPayload);
payload!(ImportSourceUserUndoKeepAsPlaceholderPayload);
payload!(ImportSourceUserResendNotificationPayload);
payload!(ImportSourceUserRetryFailedReassignmentPayload);

#[derive(SimpleObject)]
pub struct ImportSourceUserKeepAllAsPlaceholderPayload {
    client_mutation_id: Option<String>,
    errors: Vec<String>,
    updated_import_source_user_count: Option<i32>,
}

/// What an operation on one source user did: the record afterwards and the payload's `errors`.
type Outcome1 = (Option<GqlSourceUser>, Vec<String>);

/// What an operation answers: done, or refused with a sentence and whether the payload still carries the
/// record (GitLab leaves `importSourceUser` null when the retry limit refuses).
pub enum Done {
    Ok,
    Refused(String),
    RefusedWithoutRecord(String),
}

/// Authorises (api scope, may administer the source user's namespace: GitLab's `authorize
/// :admin_import_source_user`, a top-level error), runs `op(world, id, caller)`, renders the payload parts.
fn on_source_user(
    ctx: &Context<'_>,
    raw: &ImportSourceUserId,
    op: impl FnOnce(&mut World, u64, u64) -> Result<Done>,
) -> Result<Outcome1> {
    let who = caller(ctx)?;
    if !who.can_write {
        return Err(Error::new(NO_ACCESS));
    }
    let id = gid_number(&raw.0, "Import::SourceUser")?;
    let shared = ctx.data::<Shared>()?;
    let mut world = shared.world();
    sync(&mut world);
    let Some(namespace) = world.contributions.get(id).map(|u| u.namespace_id) else {
        return Err(Error::new(NO_ACCESS));
    };
    let user_id = who.user_id.unwrap_or_default();
    if !may_admin(&world, user_id, namespace) {
        return Err(Error::new(NO_ACCESS));
    }
    let node = |w: &World| w.contributions.get(id).map(|u| render(w, u));
    Ok(match op(&mut world, id, user_id)? {
        Done::Ok => (node(&world), vec![]),
        Done::Refused(text) => (node(&world), vec![text]),
        Done::RefusedWithoutRecord(text) => (None, vec![text]),
    })
}

fn done(result: std::result::Result<(), Refusal>) -> Done {
    match result {
        Ok(()) => Done::Ok,
        Err(text) => Done::Refused(text.to_string()),
    }
}

fn simple(op: Op) -> impl FnOnce(&mut World, u64, u64) -> Result<Done> {
    move |w, id, by| Ok(done(transition(w, id, op, by)))
}

pub struct Mutation;

#[Object]
impl Mutation {
    async fn import_source_user_reassign(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserReassignInput,
    ) -> Result<Option<ImportSourceUserReassignPayload>> {
        let assignee = gid_number(&input.assignee_user_id.0, "User")?;
        let (node, errors) = on_source_user(ctx, &input.id, |w, id, by| Ok(done(reassign(w, id, assignee, by))))?;
        Ok(Some(ImportSourceUserReassignPayload {
            client_mutation_id: input.client_mutation_id,
            errors,
            import_source_user: node,
        }))
    }

    async fn import_source_user_cancel_reassignment(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserCancelReassignmentInput,
    ) -> Result<Option<ImportSourceUserCancelReassignmentPayload>> {
        let (node, errors) = on_source_user(ctx, &input.id, simple(Op::Cancel))?;
        Ok(Some(ImportSourceUserCancelReassignmentPayload {
            client_mutation_id: input.client_mutation_id,
            errors,
            import_source_user: node,
        }))
    }

    async fn import_source_user_keep_as_placeholder(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserKeepAsPlaceholderInput,
    ) -> Result<Option<ImportSourceUserKeepAsPlaceholderPayload>> {
        let (node, errors) = on_source_user(ctx, &input.id, simple(Op::Keep))?;
        Ok(Some(ImportSourceUserKeepAsPlaceholderPayload {
            client_mutation_id: input.client_mutation_id,
            errors,
            import_source_user: node,
        }))
    }

    async fn import_source_user_undo_keep_as_placeholder(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserUndoKeepAsPlaceholderInput,
    ) -> Result<Option<ImportSourceUserUndoKeepAsPlaceholderPayload>> {
        let (node, errors) = on_source_user(ctx, &input.id, simple(Op::UndoKeep))?;
        Ok(Some(ImportSourceUserUndoKeepAsPlaceholderPayload {
            client_mutation_id: input.client_mutation_id,
            errors,
            import_source_user: node,
        }))
    }

    async fn import_source_user_resend_notification(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserResendNotificationInput,
    ) -> Result<Option<ImportSourceUserResendNotificationPayload>> {
        let (node, errors) = on_source_user(ctx, &input.id, |w, id, _| match resend(w, id) {
            Ok(true) => Ok(Done::Ok),
            Ok(false) => Err(Error::new(RATE_LIMITED)),
            Err(refusal) => Ok(Done::Refused(refusal.to_string())),
        })?;
        Ok(Some(ImportSourceUserResendNotificationPayload {
            client_mutation_id: input.client_mutation_id,
            errors,
            import_source_user: node,
        }))
    }

    async fn import_source_user_retry_failed_reassignment(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserRetryFailedReassignmentInput,
    ) -> Result<Option<ImportSourceUserRetryFailedReassignmentPayload>> {
        let (node, errors) = on_source_user(ctx, &input.id, |w, id, by| {
            Ok(match retry(w, id, by) {
                Ok(()) => Done::Ok,
                Err(text) if text == INVALID_STATUS => Done::Refused(text),
                Err(text) => Done::RefusedWithoutRecord(text),
            })
        })?;
        Ok(Some(ImportSourceUserRetryFailedReassignmentPayload {
            client_mutation_id: input.client_mutation_id,
            errors,
            import_source_user: node,
        }))
    }

    async fn import_source_user_keep_all_as_placeholder(
        &self,
        ctx: &Context<'_>,
        input: ImportSourceUserKeepAllAsPlaceholderInput,
    ) -> Result<Option<ImportSourceUserKeepAllAsPlaceholderPayload>> {
        let who = caller(ctx)?;
        if !who.can_write {
            return Err(Error::new(NO_ACCESS));
        }
        let group = gid_number(&input.namespace_id.0, "Group")?;
        let shared = ctx.data::<Shared>()?;
        let mut world = shared.world();
        sync(&mut world);
        let by = who.user_id.unwrap_or_default();
        if !may_admin(&world, by, group) {
            return Err(Error::new(NO_ACCESS));
        }
        let n = keep_all(&mut world, group, by);
        Ok(Some(ImportSourceUserKeepAllAsPlaceholderPayload {
            client_mutation_id: input.client_mutation_id,
            errors: vec![],
            updated_import_source_user_count: Some(n as i32),
        }))
    }
}
