//! W1's floor: a `VecDeque` per subscriber, a bounds check, a push and a pop. No sharing, no
//! waker, no accounting; nothing that delivers a message through a queue can do much less.

use std::collections::VecDeque;
use std::hint::black_box;
use std::rc::Rc;

use mini_kafka_playground::broker::Delivery;

use super::{MessageMaker, Outcome, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

pub fn run() -> Outcome {
    let mut queues: Vec<VecDeque<Delivery>> = (0..SUBSCRIBERS)
        .map(|_| VecDeque::with_capacity(CAPACITY))
        .collect();
    let mut maker = MessageMaker::new();
    let mut outcome = Outcome::default();

    for _ in 0..MESSAGES / BATCH {
        for _ in 0..BATCH {
            let message = maker.next();
            for queue in &mut queues {
                if queue.len() < CAPACITY {
                    queue.push_back(Rc::clone(&message));
                } else {
                    outcome.lost += 1;
                }
            }
        }
        for queue in &mut queues {
            while let Some(message) = queue.pop_front() {
                black_box(message);
                outcome.delivered += 1;
            }
        }
    }
    outcome
}
