//! The console's forms, plans and flows, natively and without a browser. One test binary
//! (one link) for all of them, so a change to a state machine is tested in seconds.

mod fleet_support;
mod support;

mod activity_csv;
mod activity_feed;
mod activity_text;
mod fleet_batch;
mod fleet_plan;
mod fleet_review;
mod fleet_snapshots;
mod fleet_undo;
mod form;
mod lockout;
mod nothing_dropped;
mod permits;
mod portal;
mod power_off;
mod reinstall;
mod resolve;
mod review;
mod sending;
mod snapshot;
mod undo;
mod words;
