//! W1 on a naive design: one `futures::channel::mpsc::channel(64)` per subscriber, with
//! `try_send` and `try_recv`.
//!
//! `channel(n)` holds `n` plus one message per sender, so each buffer here holds 65; with W1's
//! batches of 64 that never matters.

use std::hint::black_box;

use futures::channel::mpsc;
use mini_kafka_playground::broker::Delivery;

use super::{MessageMaker, Outcome, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

pub fn run() -> Outcome {
    let (mut senders, mut receivers): (Vec<_>, Vec<_>) = (0..SUBSCRIBERS)
        .map(|_| mpsc::channel::<Delivery>(CAPACITY))
        .unzip();
    let mut maker = MessageMaker::new();
    let mut outcome = Outcome::default();

    for _ in 0..MESSAGES / BATCH {
        for _ in 0..BATCH {
            let message = maker.next();
            for sender in &mut senders {
                if sender.try_send(message.clone()).is_err() {
                    outcome.lost += 1;
                }
            }
        }
        for receiver in &mut receivers {
            // An error is `Empty` here: the senders live until the end of the run.
            while let Ok(message) = receiver.try_recv() {
                black_box(message);
                outcome.delivered += 1;
            }
        }
    }
    outcome
}
