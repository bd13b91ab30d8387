//! W1 on the seed's Go design at its leanest: `map[topic][]chan Message`, where publishing is
//! `select { case ch <- msg: default: }` on each subscriber's bounded channel.
//!
//! Each channel is a `VecDeque` and a parked receiver's waker behind `Rc<RefCell<_>>`, received
//! as a [`Stream`] polled like the broker's. It keeps no ledger and no handoff slot, and it
//! never treats capacity 0 as a rendezvous, so the gap between it and the broker is what the
//! broker's accounting and Go-exact semantics cost.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::hint::black_box;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::task::noop_waker_ref;
use futures::{Stream, StreamExt};
use mini_kafka_playground::broker::Delivery;

use super::{MessageMaker, Outcome, BATCH, CAPACITY, MESSAGES, SUBSCRIBERS};

#[derive(Debug)]
struct Chan {
    buffer: VecDeque<Delivery>,
    receiver: Option<Waker>,
}

type SharedChan = Rc<RefCell<Chan>>;

/// Go's non-blocking send; returns whether the message was accepted.
fn try_send(chan: &SharedChan, message: &Delivery) -> bool {
    let mut chan = chan.borrow_mut();
    if chan.buffer.len() == CAPACITY {
        return false;
    }
    chan.buffer.push_back(Rc::clone(message));
    if let Some(waker) = chan.receiver.take() {
        waker.wake();
    }
    true
}

struct Receiver(SharedChan);

impl Stream for Receiver {
    type Item = Delivery;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Delivery>> {
        let mut chan = self.0.borrow_mut();
        match chan.buffer.pop_front() {
            Some(message) => Poll::Ready(Some(message)),
            None => {
                chan.receiver = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

pub fn run() -> Outcome {
    let chans: Vec<SharedChan> = (0..SUBSCRIBERS)
        .map(|_| {
            Rc::new(RefCell::new(Chan {
                buffer: VecDeque::with_capacity(CAPACITY),
                receiver: None,
            }))
        })
        .collect();
    let mut receivers: Vec<Receiver> = chans.iter().map(|c| Receiver(Rc::clone(c))).collect();
    let mut maker = MessageMaker::new();
    let mut cx = Context::from_waker(noop_waker_ref());
    let mut outcome = Outcome::default();

    for _ in 0..MESSAGES / BATCH {
        for _ in 0..BATCH {
            let message = maker.next();
            for chan in &chans {
                if !try_send(chan, &message) {
                    outcome.lost += 1;
                }
            }
        }
        for receiver in &mut receivers {
            while let Poll::Ready(Some(message)) = receiver.poll_next_unpin(&mut cx) {
                black_box(message);
                outcome.delivered += 1;
            }
        }
    }
    outcome
}
