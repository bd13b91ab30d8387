//! W1 on the broadcast channels of the async ecosystem, natively only.

use std::hint::black_box;

use async_broadcast::TryRecvError as AsyncTryRecvError;
use mini_kafka_playground::broker::Delivery;
use tokio::sync::broadcast::error::TryRecvError as TokioTryRecvError;

use super::{MessageMaker, Outcome, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

/// `tokio::sync::broadcast` with capacity 64. A receiver that falls behind sees
/// `Lagged(n)`: `n` messages it will never receive.
pub fn run_tokio_broadcast() -> Outcome {
    let (sender, first) = tokio::sync::broadcast::channel::<Delivery>(CAPACITY);
    let mut receivers: Vec<_> = (1..SUBSCRIBERS).map(|_| sender.subscribe()).collect();
    receivers.push(first);
    let mut maker = MessageMaker::new();
    let mut outcome = Outcome::default();

    for _ in 0..MESSAGES / BATCH {
        for _ in 0..BATCH {
            // Fails only when no receiver is left.
            if sender.send(maker.next()).is_err() {
                outcome.lost += SUBSCRIBERS as u64;
            }
        }
        for receiver in &mut receivers {
            loop {
                match receiver.try_recv() {
                    Ok(message) => {
                        black_box(message);
                        outcome.delivered += 1;
                    }
                    Err(TokioTryRecvError::Lagged(skipped)) => outcome.lost += skipped,
                    Err(TokioTryRecvError::Empty | TokioTryRecvError::Closed) => break,
                }
            }
        }
    }
    outcome
}

/// `async-broadcast` with capacity 64 and overflow off: a full channel refuses the message for
/// every receiver at once.
pub fn run_async_broadcast() -> Outcome {
    let (sender, first) = async_broadcast::broadcast::<Delivery>(CAPACITY);
    let mut receivers: Vec<_> = (1..SUBSCRIBERS).map(|_| first.new_receiver()).collect();
    receivers.push(first);
    let mut maker = MessageMaker::new();
    let mut outcome = Outcome::default();

    for _ in 0..MESSAGES / BATCH {
        for _ in 0..BATCH {
            if sender.try_broadcast(maker.next()).is_err() {
                outcome.lost += SUBSCRIBERS as u64;
            }
        }
        for receiver in &mut receivers {
            loop {
                match receiver.try_recv() {
                    Ok(message) => {
                        black_box(message);
                        outcome.delivered += 1;
                    }
                    Err(AsyncTryRecvError::Overflowed(skipped)) => outcome.lost += skipped,
                    Err(AsyncTryRecvError::Empty | AsyncTryRecvError::Closed) => break,
                }
            }
        }
    }
    outcome
}
