//! The simulated goroutines: one async task per publisher and per subscriber.
//!
//! Each task sleeps on the virtual clock and touches the shared world only between awaits.
//! Removing an actor drops its task's handle, which cancels the task at its next await.
//!
//! # Cancellation
//!
//! [`spawn`] wraps each task so that its [`TaskHandle`] can cancel it. Dropping the handle
//! sets a flag and wakes the task; the executor polls it once more, the wrapper sees the flag
//! before it polls the task, and the task's future is dropped with its subscription and timer,
//! in the same run of the executor and at the same point in the wake order as futures'
//! `RemoteHandle` did. That handle checked a oneshot channel and cloned the task's waker into
//! it on every poll, with `catch_unwind` around the poll: about a tenth of the instructions per
//! delivery under the heavy-load preset. The wrapper checks a `Cell` and compares wakers.
//! Tasks never panic (the crate denies what could), so nothing is lost without the
//! `catch_unwind`.
//!
//! A task owns one [`Timer`] for all its sleeps: a subscriber sleeps once per message it
//! works on, a million times per simulated second under the heavy-load preset, so a sleep
//! must not allocate or clone the task's waker.

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use futures::executor::LocalSpawner;
use futures::task::{LocalSpawnExt, SpawnError};
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
        let level = subscription.level();
        let work = world
            .borrow_mut()
            .on_delivered(id, &delivery, level, clock.now());
        if work > SimDuration::ZERO {
            timer.sleep_until(clock.now() + work).await;
            world.borrow_mut().on_idle(id);
        }
    }
    world.borrow_mut().on_stream_ended(id, clock.now());
}

/// Cancels its task when dropped: see the module docs.
#[derive(Debug)]
pub(crate) struct TaskHandle {
    cancel: Rc<Cancel>,
}

/// What a task and its handle share.
#[derive(Debug, Default)]
struct Cancel {
    cancelled: Cell<bool>,
    /// The waker of the task's last poll that returned pending, to wake it to end.
    waker: RefCell<Option<Waker>>,
}

impl Drop for TaskHandle {
    fn drop(&mut self) {
        self.cancel.cancelled.set(true);
        let waker = self.cancel.waker.borrow_mut().take();
        // Woken with no borrow held: the executor may poll the task from inside the wake.
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// Spawns `task` on `spawner`; the task runs until it ends or the returned handle is dropped.
pub(crate) fn spawn(
    spawner: &LocalSpawner,
    task: impl Future<Output = ()> + 'static,
) -> Result<TaskHandle, SpawnError> {
    let cancel = Rc::new(Cancel::default());
    let shared = Rc::clone(&cancel);
    spawner.spawn_local(async move {
        let mut task = pin!(task);
        poll_fn(|cx| {
            if shared.cancelled.get() {
                return Poll::Ready(());
            }
            let poll = task.as_mut().poll(cx);
            let mut waker = shared.waker.borrow_mut();
            match (&poll, &mut *waker) {
                // The executor wakes a task through the same waker each time, so after the
                // first poll this is a comparison, not a clone.
                (Poll::Pending, Some(stored)) => stored.clone_from(cx.waker()),
                (Poll::Pending, None) => *waker = Some(cx.waker().clone()),
                // A task that ended needs no waking; its handle may outlive it.
                (Poll::Ready(()), _) => *waker = None,
            }
            poll
        })
        .await;
    })?;
    Ok(TaskHandle { cancel })
}
