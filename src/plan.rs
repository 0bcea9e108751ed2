//! The reviewed plan. "Review" freezes the form into a `ReinstallPlan`: the exact request
//! and every sentence the confirmation dialog shows. The dialog renders the plan and Confirm
//! sends `plan.request`, so what was read is what is sent; nothing behind the dialog can
//! change it. Pure, so it is tested without a browser.

use zec_api::rules::Field;
use zec_api::wire::ResetInstanceRequest;

use crate::form::{FormContext, ReinstallForm, FIELD_ORDER};

#[derive(Clone, Debug, PartialEq)]
pub struct ReinstallPlan {
    /// Exactly what Confirm sends.
    pub request: ResetInstanceRequest,
    /// The instance as the user knows it; typed to confirm.
    pub instance_label: String,
    pub disk_size_gib: u32,
    /// The image that will be installed (the current one when it is kept).
    pub image_id: String,
    pub image_name: String,
    /// How to log in afterwards, to follow "Log in with …".
    pub login: String,
    /// The other consequences, one sentence each.
    pub details: Vec<String>,
}

impl ReinstallPlan {
    /// The plan of a valid form, or the fields that block it, in form order.
    pub fn from_form(
        form: &ReinstallForm,
        context: &FormContext<'_>,
    ) -> Result<ReinstallPlan, Vec<Field>> {
        let violations = form.violations(context);
        if !violations.is_empty() {
            return Err(FIELD_ORDER
                .iter()
                .copied()
                .filter(|field| violations.contains_key(field))
                .collect());
        }
        let request = form.to_request(context);
        let options = &request.options;
        let instance = context.instance;
        let mut details = Vec::new();
        if let Some(name) = &options.instance_name {
            details.push(format!("The instance will be renamed {name}."));
        }
        if let Some(zone) = &options.timezone {
            details.push(format!("Time zone: {zone}."));
        }
        details.push(
            if options.enable_agent == Some(true) {
                "The QGA agent will be enabled."
            } else {
                "The QGA agent stays off."
            }
            .to_owned(),
        );
        if let Some(user_data) = &options.user_data {
            details.push(format!(
                "User data ({} bytes) runs at first boot.",
                user_data.len()
            ));
        }
        Ok(ReinstallPlan {
            instance_label: instance.display_name().to_owned(),
            disk_size_gib: instance.system_disk.disk_size,
            image_id: form
                .image_to_install(context)
                .map_or_else(|| instance.image_id.clone(), |image| image.image_id.clone()),
            image_name: form.image_name_to_install(context),
            login: form.login_description(context),
            details,
            request,
        })
    }

    pub fn instance_id(&self) -> &str {
        &self.request.instance_id
    }

    /// The dialog's first sentence.
    pub fn headline(&self) -> String {
        format!(
            "The boot disk of {} ({} GiB) will be erased and {} installed.",
            self.instance_label, self.disk_size_gib, self.image_name
        )
    }
}
