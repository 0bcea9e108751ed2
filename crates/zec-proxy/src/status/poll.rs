//! The one poller: every interval, DescribeInstancesStatus for every watched id (≤ 100 per
//! call), the changes broadcast; ids are admitted only once the API confirmed them.

use super::*;

/// What a poll learned about a batch of ids.
enum PollOutcome {
    Statuses(Vec<InstanceStatusEntry>),
    Failed(UpstreamErrorEvent),
}

impl StatusHub {
    /// The ids among `ids` nobody watches yet, or that the API said do not exist.
    fn unknown(&self, ids: &[String]) -> Vec<String> {
        let watched = self.watched.lock().expect("watched lock");
        ids.iter()
            .filter(|id| !watched.viewers.contains_key(*id) || watched.missing.contains(*id))
            .cloned()
            .collect()
    }

    /// Polls once per interval while anyone watches; stops when the hub closes.
    pub async fn run_poller(self: Arc<Self>, upstream: Upstream) {
        let mut ticks = tokio::time::interval(self.options.interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let closed = self.closed();
        tokio::pin!(closed);
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                _ = &mut closed => return,
            }
            let ids: Vec<String> = {
                let watched = self.watched.lock().expect("watched lock");
                let mut ids: Vec<String> = watched
                    .viewers
                    .keys()
                    .filter(|id| !watched.missing.contains(*id))
                    .cloned()
                    .collect();
                ids.sort();
                ids
            };
            for batch in ids.chunks(MAX_INSTANCE_IDS) {
                match self.ask(&upstream, batch).await {
                    PollOutcome::Statuses(entries) => self.apply(batch, entries),
                    PollOutcome::Failed(error) => {
                        // Forget what was seen, so that every status is sent again once the
                        // API answers: the browser shows "live" again from that moment.
                        self.watched.lock().expect("watched lock").latest.clear();
                        let _ = self.events.send(StreamEvent::UpstreamError(error));
                        break;
                    }
                }
            }
        }
    }

    /// One DescribeInstancesStatus call, no retry, answered within one interval.
    async fn ask(&self, upstream: &Upstream, ids: &[String]) -> PollOutcome {
        let request = serde_json::json!({"instanceIds": ids, "pageSize": ids.len()});
        let body = Bytes::from(serde_json::to_vec(&request).expect("serialises"));
        let timeout = self.options.interval.max(Duration::from_millis(100));
        let answer = match upstream
            .call_once_within(Action::DescribeInstancesStatus, &body, timeout)
            .await
        {
            Ok(answer) => answer,
            Err(error) => {
                return PollOutcome::Failed(UpstreamErrorEvent {
                    code: error.code().to_string(),
                    request_id: new_request_id(),
                })
            }
        };
        if answer.status == 200 {
            if let Ok(envelope) =
                serde_json::from_slice::<SuccessEnvelope<Page<InstanceStatusEntry>>>(&answer.body)
            {
                return PollOutcome::Statuses(envelope.response.data.data_set);
            }
        }
        let envelope = serde_json::from_slice::<ErrorEnvelope>(&answer.body).ok();
        PollOutcome::Failed(UpstreamErrorEvent {
            code: envelope.as_ref().map_or_else(
                || ErrorCode::UpstreamUnreachable.to_string(),
                |envelope| envelope.code.to_string(),
            ),
            request_id: envelope
                .map(|envelope| envelope.request_id)
                .filter(|id| !id.is_empty())
                .unwrap_or_else(new_request_id),
        })
    }

    /// Records a poll's answer: changed statuses are broadcast; asked ids the answer lacks do
    /// not exist (any more) and are no longer polled.
    fn apply(&self, asked: &[String], entries: Vec<InstanceStatusEntry>) {
        let mut watched = self.watched.lock().expect("watched lock");
        let answered: HashSet<&str> = entries.iter().map(|e| e.instance_id.as_str()).collect();
        for id in asked {
            if !answered.contains(id.as_str()) && watched.viewers.contains_key(id) {
                watched.missing.insert(id.clone());
                watched.latest.remove(id);
            }
        }
        for entry in entries {
            if !watched.viewers.contains_key(&entry.instance_id) {
                continue; // its last viewer left while we asked
            }
            if watched.latest.get(&entry.instance_id) != Some(&entry) {
                watched
                    .latest
                    .insert(entry.instance_id.clone(), entry.clone());
                let _ = self.events.send(StreamEvent::Status(entry));
            }
        }
    }

    /// Checks ids the poller does not know with one call: returns the ones that exist. If the
    /// API cannot be asked, the stream is refused: no id is admitted unconfirmed.
    pub(crate) async fn existing(
        &self,
        upstream: &Upstream,
        ids: Vec<String>,
    ) -> Result<Vec<String>, Refusal> {
        let unknown = self.unknown(&ids);
        if unknown.is_empty() {
            return Ok(ids);
        }
        let entries = match self.ask(upstream, &unknown).await {
            PollOutcome::Statuses(entries) => entries,
            PollOutcome::Failed(error) => {
                let code = ErrorCode::from(error.code.as_str());
                let code = if code == ErrorCode::UpstreamBusy {
                    code
                } else {
                    ErrorCode::UpstreamUnreachable
                };
                return Err(Refusal::with(
                    code,
                    "The cloud API could not confirm these instances, so live status was not                      started; try again.",
                ));
            }
        };
        let found: HashSet<String> = entries.into_iter().map(|e| e.instance_id).collect();
        {
            let mut watched = self.watched.lock().expect("watched lock");
            for id in &found {
                watched.missing.remove(id);
            }
        }
        Ok(ids
            .into_iter()
            .filter(|id| !unknown.contains(id) || found.contains(id))
            .collect())
    }
}
