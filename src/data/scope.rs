//! The requests of one page: they carry the signed-in client and end when the page is left.

use crate::api::{ApiError, Client};
use crate::connection::{use_connection, Connection};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// Created once per page (in its reactive owner). Copy, so timers and tasks can hold it without context.
#[derive(Clone, Copy)]
pub struct PageScope {
    connection: Connection,
    cancel: StoredValue<Option<SendWrapper<web_sys::AbortSignal>>>,
}

impl PageScope {
    /// Every request made through this scope is aborted when the current owner (the page) is cleaned up,
    /// as the leptos hackernews example's `fetch_api` does.
    pub fn new() -> PageScope {
        let connection = use_connection();
        let controller = web_sys::AbortController::new().ok();
        let cancel = StoredValue::new(controller.as_ref().map(|c| SendWrapper::new(c.signal())));
        if let Some(controller) = controller {
            let controller = SendWrapper::new(controller);
            on_cleanup(move || controller.abort());
        }
        PageScope { connection, cancel }
    }

    /// The signed-in client, cancelled with the page. Signed out is the one place `Unauthorized` is made:
    /// pages render only under a session, so this is a page reached during sign-out.
    pub fn client(&self) -> Result<Client, ApiError> {
        let client = self.connection.client().ok_or(ApiError::Unauthorized)?;
        let cancel = self.cancel.try_with_value(|c| c.as_ref().map(|s| (**s).clone())).flatten();
        Ok(match cancel {
            Some(signal) => client.cancelled_by(signal),
            None => client,
        })
    }

    pub fn connection(&self) -> Connection {
        self.connection
    }
}

impl Default for PageScope {
    fn default() -> Self {
        PageScope::new()
    }
}
