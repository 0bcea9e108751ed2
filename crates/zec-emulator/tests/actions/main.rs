//! Every action over real HTTP: filters and paging, power transitions, every ResetInstance
//! error code, the reinstall state machine, concurrency, and an SDK-style end-to-end flow.

#[path = "../support/mod.rs"]
mod support;

use std::collections::HashSet;

use serde_json::{json, Value};
use support::{start_quick, Client};
use zec_api::errors::RESET_INSTANCE_CODES;

fn ids(answer: &support::Answer, field: &str) -> Vec<String> {
    answer.data()["dataSet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect()
}

mod batch;
mod concurrency;
mod power;
mod reads;
mod reset;
