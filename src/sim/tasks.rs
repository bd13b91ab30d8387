//! The simulated goroutines: one async task per publisher and per subscriber.
//!
//! Each task sleeps on the virtual clock and touches the shared world only between awaits.
//! Removing an actor drops its task's handle, which cancels the task at its next await.

use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;

use crate::broker::{SubscriberId, Subscription};

use super::clock::{Clock, SimDuration, Sleep};
use super::world::{PublisherId, Tick, World};

/// Publishes whenever the publisher's next message is due, until it is removed or panics.
pub(crate) async fn run_publisher(world: Rc<RefCell<World>>, clock: Rc<Clock>, id: PublisherId) {
    loop {
        let due = match world.borrow().publishers.get(&id) {
            Some(publisher) => publisher.next_due(),
            None => return,
        };
        Sleep::until(&clock, due).await;
        if world.borrow_mut().publish_tick(id, clock.now()) == Tick::Stop {
            return;
        }
    }
}

/// Receives from the subscription and works on each message for its processing time, the way
/// a `for msg := range ch` loop in Go would, until the stream ends.
pub(crate) async fn run_subscriber(
    world: Rc<RefCell<World>>,
    clock: Rc<Clock>,
    id: SubscriberId,
    mut subscription: Subscription,
) {
    while let Some(delivery) = subscription.next().await {
        let work = world.borrow_mut().on_delivered(id, &delivery, clock.now());
        if work > SimDuration::ZERO {
            Sleep::until(&clock, clock.now() + work).await;
            world.borrow_mut().on_idle(id);
        }
    }
    world.borrow_mut().on_stream_ended(id, clock.now());
}
