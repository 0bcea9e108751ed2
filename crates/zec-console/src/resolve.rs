//! The one answer to "the answer was lost: what happened?". A state-changing call whose
//! answer did not arrive may have been carried out, so it is never sent again: the API is
//! asked what became of it. Every flow asks through a `Resolver`: the reinstall
//! (DescribeInstances), each instance of a fleet batch (DescribeInstances), the snapshot
//! taken first and the rollback and delete (DescribeSnapshots), and the power-off
//! (DescribeInstancesStatus). One policy:
//!
//! - ask at once; when the question fails, ask again with backoff, [`AUTO_ASKS`] questions
//!   in all (at 0 s, then 2 s and 4 s later);
//! - then wait, showing why the API could not be asked: the next question goes when the
//!   browser is back online (its `online` event) or the user presses "Check again";
//! - the browser coming back online while a question is out (sent offline, so it is about
//!   to fail) is remembered: when that question fails, the next goes at once.
//!
//! The flow owns the question (what to ask differs); the resolver only says when.

use crate::error::ApiError;

/// Questions asked automatically after a lost answer before the resolver waits.
pub const AUTO_ASKS: u32 = 3;

#[derive(Clone, Debug, PartialEq)]
pub enum Resolver {
    /// A question is on its way; `failed` questions before it failed; `back_online`: the
    /// browser came back online since it left.
    Asking { failed: u32, back_online: bool },
    /// The automatic questions failed; why the last one did. The next question waits for
    /// "Check again" or the browser coming back online.
    Waiting(ApiError),
}

impl Resolver {
    /// The answer was lost: ask now. Returns the resolver and the question's delay (ms).
    pub fn start() -> (Resolver, u32) {
        (
            Resolver::Asking {
                failed: 0,
                back_online: false,
            },
            0,
        )
    }

    /// A question failed: ask again after the returned delay, or (`None`) wait.
    pub fn failed(&self, error: ApiError) -> (Resolver, Option<u32>) {
        let failed = match self {
            // It left before the network came back: ask again now, with a fresh count.
            Resolver::Asking {
                back_online: true, ..
            } => return (Resolver::start().0, Some(0)),
            Resolver::Asking { failed, .. } => failed + 1,
            Resolver::Waiting(_) => AUTO_ASKS,
        };
        if failed >= AUTO_ASKS {
            (Resolver::Waiting(error), None)
        } else {
            let asking = Resolver::Asking {
                failed,
                back_online: false,
            };
            (asking, Some(1000 << failed))
        }
    }

    /// "Check again", or the browser is online again: when waiting, ask now (the returned
    /// delay). While a question is on its way no second one goes; that it happened is kept
    /// for when the question fails.
    pub fn again(&self) -> (Resolver, Option<u32>) {
        match self {
            Resolver::Waiting(_) => {
                let (asking, delay) = Resolver::start();
                (asking, Some(delay))
            }
            Resolver::Asking { failed, .. } => (
                Resolver::Asking {
                    failed: *failed,
                    back_online: true,
                },
                None,
            ),
        }
    }

    /// Why the API could not be asked, once the resolver waits for the user.
    pub fn waiting(&self) -> Option<&ApiError> {
        match self {
            Resolver::Waiting(error) => Some(error),
            Resolver::Asking { .. } => None,
        }
    }
}
