//! The simulated goroutines: one async task per publisher and per subscriber.
//!
//! Each task sleeps on the virtual clock and touches the shared world only between awaits.
//! Removing an actor drops its task's handle, which cancels the task at its next await.
//!
//! A task owns one [`Timer`] for all its sleeps: a subscriber sleeps once per message it
//! works on, a million times per simulated second under the heavy-load preset, so a sleep
//! must not allocate or clone the task's waker.

use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;

use crate::broker::{Lagged, SubscriberId, Subscription};

use super::clock::{Clock, SimDuration, Timer};
use super::world::{PublisherId, Tick, World};

/// Publishes whenever the publisher's next message is due, until it is removed or panics.
pub(crate) async fn run_publisher(world: Rc<RefCell<World>>, clock: Rc<Clock>, id: PublisherId) {
    let mut timer = Timer::new(&clock);
    loop {
        let due = match world.borrow().publishers.get(&id) {
            Some(publisher) => publisher.next_due(),
            None => return,
        };
        timer.sleep_until(due).await;
        let mut tick = world.borrow_mut().publish_tick(id, clock.now());
        // A block-policy subscriber without room holds the publisher here, as a blocking
        // `ch <- msg` holds a goroutine, until it has room and the fan-out can go on.
        while let Tick::Wait(room) = tick {
            if let Some(room) = room {
                room.await;
            }
            tick = world.borrow_mut().resume_tick(id, clock.now());
        }
        if let Tick::Stop = tick {
            return;
        }
    }
}

/// Receives from the subscription and works on each message for its processing time, the way
/// a `for msg := range ch` loop in Go would, until the stream ends. A notice of evicted
/// messages is logged and costs no work.
pub(crate) async fn run_subscriber(
    world: Rc<RefCell<World>>,
    clock: Rc<Clock>,
    id: SubscriberId,
    mut subscription: Subscription,
) {
    let mut timer = Timer::new(&clock);
    while let Some(received) = subscription.next().await {
        let delivery = match received {
            Ok(delivery) => delivery,
            Err(Lagged(missed)) => {
                world.borrow_mut().on_lagged(id, missed, clock.now());
                continue;
            }
        };
        let work = world.borrow_mut().on_delivered(id, &delivery, clock.now());
        if work > SimDuration::ZERO {
            timer.sleep_until(clock.now() + work).await;
            world.borrow_mut().on_idle(id);
        }
    }
    world.borrow_mut().on_stream_ended(id, clock.now());
}
