//! Where the console is, as the address bar says it: the list, an instance's panel, the
//! fleet's plan or its live table. Each is a browser history entry, so Back and Forward
//! move between them and a panel's address can be shared (`?instance=…`). The fleet's views
//! hold the selection in memory: opened from an address alone they fall back to the list.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    List,
    Instance(String),
    FleetPlan,
    FleetBatch,
}

/// The query parameters a route is written with.
pub const INSTANCE_PARAM: &str = "instance";
pub const VIEW_PARAM: &str = "view";
const FLEET_PLAN: &str = "fleet-plan";
const FLEET_BATCH: &str = "fleet-batch";

impl Route {
    /// The route of an address's `instance` and `view` parameters.
    pub fn read(instance: Option<&str>, view: Option<&str>) -> Route {
        match (instance.filter(|id| !id.is_empty()), view) {
            (Some(id), _) => Route::Instance(id.to_owned()),
            (None, Some(FLEET_PLAN)) => Route::FleetPlan,
            (None, Some(FLEET_BATCH)) => Route::FleetBatch,
            _ => Route::List,
        }
    }

    /// The `instance` and `view` parameters to write (`None`: removed).
    pub fn params(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Route::List => (None, None),
            Route::Instance(id) => (Some(id), None),
            Route::FleetPlan => (None, Some(FLEET_PLAN)),
            Route::FleetBatch => (None, Some(FLEET_BATCH)),
        }
    }

    /// Whether going from this route to `next` is a new history entry (a view the user
    /// opened) or replaces this one (the plan becomes its running batch: Back from the
    /// table leads to the list, not to a plan already sent).
    pub fn replaced_by(&self, next: &Route) -> bool {
        matches!((self, next), (Route::FleetPlan, Route::FleetBatch))
    }
}
