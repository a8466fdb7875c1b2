//! Manual acknowledgements that never wait on the MQTT event loop from the task that polls it.
//! The client hands an ack to the loop through a bounded channel that only the loop drains:
//! awaiting room in it from inside the loop deadlocks as soon as a burst of messages (10,000
//! retained statuses at a console's start, a backlog of history rows) fills it. An ack that
//! does not fit now waits here, in order, and goes on the next turn of the loop.

use std::collections::VecDeque;

use rumqttc::v5::AsyncClient;
use rumqttc::v5::mqttbytes::v5::Publish;

#[derive(Default)]
pub struct Acks {
    waiting: VecDeque<Publish>,
}

impl Acks {
    /// Acknowledges `p` now if the channel has room, else on a later [`Acks::flush`].
    pub fn ack(&mut self, client: &AsyncClient, p: Publish) {
        self.waiting.push_back(p);
        self.flush(client);
    }

    /// Hands the loop what fits of the acks waiting (call it on every turn of the loop). The
    /// channel can only refuse for want of room: its other end is the loop this task owns.
    pub fn flush(&mut self, client: &AsyncClient) {
        while let Some(p) = self.waiting.front() {
            if client.try_ack(p).is_err() {
                return;
            }
            self.waiting.pop_front();
        }
    }

    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rumqttc::v5::MqttOptions;
    use rumqttc::v5::mqttbytes::QoS;

    /// More acks than the channel holds, with nobody draining it: none waits, none is lost.
    #[test]
    fn a_burst_larger_than_the_channel_waits_here_instead_of_blocking() {
        let (client, _events) = AsyncClient::new(MqttOptions::new("t", "127.0.0.1", 1), 4);
        let mut acks = Acks::default();
        for pkid in 1..=10u16 {
            let mut p = Publish::new("loa/v1/status/x", QoS::AtLeastOnce, "{}", None);
            p.pkid = pkid;
            acks.ack(&client, p);
        }
        assert_eq!(acks.len(), 6, "four fit, six wait");
        acks.flush(&client);
        assert_eq!(acks.len(), 6, "still no room: still waiting");
    }
}
