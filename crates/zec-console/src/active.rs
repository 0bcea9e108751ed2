//! A reinstall the API accepted (or was found running): what the live view shows and what a
//! reload resumes from (the browser keeps it in sessionStorage). Never holds the password.

use serde::{Deserialize, Serialize};
use zec_api::live::WidgetEventDetail;

use crate::plan::{ReinstallPlan, TakenSnapshot};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveReinstall {
    pub instance_id: String,
    /// Empty when the answer was lost and the reinstall was found by asking.
    pub request_id: String,
    /// Milliseconds since the epoch.
    pub started_at: f64,
    pub image_id: String,
    pub image_name: String,
    /// "the password you set", "the SSH key pair ci-deploy", …
    pub login: String,
    /// The user name to log in with, and whether that is a guess.
    #[serde(default)]
    pub login_user: String,
    #[serde(default)]
    pub login_user_guessed: bool,
    #[serde(default)]
    pub is_windows: bool,
    /// The snapshot taken first, which can roll the reinstall back.
    #[serde(default)]
    pub snapshot: Option<TakenSnapshot>,
}

/// How a reinstall ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Running,
    Failed,
}

impl ActiveReinstall {
    pub fn of(plan: &ReinstallPlan, request_id: String, now: f64) -> ActiveReinstall {
        ActiveReinstall {
            snapshot: plan.taken.clone(),
            instance_id: plan.instance_id().to_owned(),
            request_id,
            started_at: now,
            image_id: plan.image_id.clone(),
            image_name: plan.image_name.clone(),
            login: plan.login.clone(),
            login_user: plan.login_user.0.to_owned(),
            login_user_guessed: plan.login_user.1,
            is_windows: plan.is_windows,
        }
    }

    /// The `detail` of the widget's DOM events about this reinstall.
    pub fn detail(&self, status: &str) -> WidgetEventDetail {
        WidgetEventDetail {
            instance_id: self.instance_id.clone(),
            status: status.to_owned(),
            request_id: self.request_id.clone(),
        }
    }
}
