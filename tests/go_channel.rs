//! Go's channel semantics for `broker::chan`, as table tests over capacities 0, 1, 2 and 10.
//!
//! Futures are driven by hand (one `poll` is one attempt, with a waker that counts its
//! wakes) or by `LocalPool::run_until_stalled`; nothing here blocks on a future that could
//! wait. Runs natively with `cargo test` and in headless Chromium with
//! `cargo test --target wasm32-unknown-unknown`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use futures::executor::LocalPool;
use futures::stream::FusedStream;
use futures::task::LocalSpawnExt;
use futures::StreamExt;
use mini_kafka_playground::broker::chan::{
    channel, CloseError, Receiver, RecvFuture, Select, Selected, SendFuture, Sender, TryRecvError,
};
use rand_core::{Rng, SeedableRng};
use rand_pcg::Pcg64;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const CAPACITIES: [usize; 4] = [0, 1, 2, 10];

/// Counts how often it was woken, to check who wakes a parked task.
#[derive(Default)]
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A future polled by hand, as a task would poll it, with its own counting waker.
struct Task<F> {
    future: F,
    wakes: Arc<CountingWaker>,
}

impl<F: Future + Unpin> Task<F> {
    fn new(future: F) -> Task<F> {
        Task {
            future,
            wakes: Arc::default(),
        }
    }

    fn poll(&mut self) -> Poll<F::Output> {
        let waker = Waker::from(Arc::clone(&self.wakes));
        let mut cx = Context::from_waker(&waker);
        Pin::new(&mut self.future).poll(&mut cx)
    }

    fn wakes(&self) -> usize {
        self.wakes.0.load(Ordering::SeqCst)
    }
}

/// A receive that has been polled once and is parked on the channel.
fn parked_recv<T>(rx: &Receiver<T>) -> Task<RecvFuture<T>> {
    let mut task = Task::new(rx.recv());
    assert!(task.poll().is_pending(), "the receive should wait");
    task
}

/// A send that has been polled once and is parked on the channel.
fn parked_send<T>(tx: &Sender<T>, value: T) -> Task<SendFuture<T>> {
    let mut task = Task::new(tx.send(value));
    assert!(task.poll().is_pending(), "the send should wait");
    task
}

/// A seeded source of picks, as the simulation passes its generator.
fn seeded(seed: u64) -> impl FnMut(usize) -> usize {
    let mut rng = Pcg64::seed_from_u64(seed);
    move |n| (rng.next_u64() % n as u64) as usize
}

/// Receives everything ready without waiting.
fn drain<T>(rx: &Receiver<T>) -> Vec<T> {
    let mut received = Vec::new();
    while let Ok(value) = rx.try_recv() {
        received.push(value);
    }
    received
}

#[test]
fn values_arrive_in_the_order_they_were_sent() {
    for cap in CAPACITIES {
        let (tx, rx) = channel::<usize>(cap);
        let mut pool = LocalPool::new();
        let spawner = pool.spawner();
        let sent = Rc::new(RefCell::new(0));
        let received = Rc::new(RefCell::new(Vec::new()));

        let producer_sent = Rc::clone(&sent);
        spawner
            .spawn_local(async move {
                for n in 0..30 {
                    tx.send(n).await.unwrap();
                    *producer_sent.borrow_mut() += 1;
                }
                tx.close().unwrap();
            })
            .unwrap();

        // Alone, the producer fills the buffer and then waits.
        pool.run_until_stalled();
        assert_eq!(*sent.borrow(), cap, "capacity {cap}");
        assert_eq!(rx.len(), cap, "capacity {cap}");

        let consumer_received = Rc::clone(&received);
        spawner
            .spawn_local(async move {
                while let Some(value) = rx.recv().await {
                    consumer_received.borrow_mut().push(value);
                }
            })
            .unwrap();
        pool.run_until_stalled();

        assert_eq!(
            *received.borrow(),
            (0..30).collect::<Vec<_>>(),
            "capacity {cap}"
        );
        assert_eq!(*sent.borrow(), 30, "capacity {cap}");
    }
}

#[test]
fn len_and_capacity_are_exact_after_every_operation() {
    for cap in CAPACITIES {
        let (tx, rx) = channel::<usize>(cap);
        assert_eq!((tx.capacity(), rx.capacity()), (cap, cap));
        assert!(tx.is_empty() && rx.is_empty(), "capacity {cap}");

        for n in 0..cap {
            tx.try_send(n).unwrap();
            assert_eq!((tx.len(), rx.len()), (n + 1, n + 1), "capacity {cap}");
        }
        assert!(tx.try_send(99).unwrap_err().is_full(), "capacity {cap}");
        assert_eq!(tx.len(), cap, "capacity {cap}");

        // Waiting senders are not counted: only the buffer is.
        let mut senders: Vec<_> = (100..103).map(|n| parked_send(&tx, n)).collect();
        assert_eq!(tx.len(), cap, "capacity {cap}");

        // Each receive takes the oldest value; while senders wait, the oldest of them
        // refills the slot at once, so the length stays at capacity until they are done.
        let mut received = Vec::new();
        for k in 1..=cap + 3 {
            received.push(rx.try_recv().unwrap());
            assert_eq!(
                rx.len(),
                cap.min(cap + 3 - k),
                "capacity {cap}, receive {k}"
            );
            assert_eq!(rx.capacity(), cap);
        }
        let expected: Vec<usize> = (0..cap).chain(100..103).collect();
        assert_eq!(received, expected, "capacity {cap}");
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));

        for sender in &mut senders {
            assert_eq!(sender.wakes(), 1, "capacity {cap}");
            assert_eq!(sender.poll(), Poll::Ready(Ok(())), "capacity {cap}");
        }
    }
}

#[test]
fn try_send_on_a_full_channel_would_block_and_gives_the_value_back() {
    for cap in CAPACITIES {
        let (tx, rx) = channel(cap);
        for n in 0..cap {
            tx.try_send(n.to_string()).unwrap();
        }

        let refused = tx.try_send("late".to_string()).unwrap_err();
        assert!(refused.is_full() && !refused.is_closed(), "capacity {cap}");
        assert_eq!(refused.to_string(), "channel is full");
        assert_eq!(refused.into_inner(), "late");

        // Nothing of the refused value reached the channel.
        let expected: Vec<String> = (0..cap).map(|n| n.to_string()).collect();
        assert_eq!(drain(&rx), expected, "capacity {cap}");
    }
}

#[test]
fn recv_waits_on_an_empty_channel_until_a_send_wakes_it() {
    for cap in CAPACITIES {
        let (tx, rx) = channel(cap);
        let mut receiver = parked_recv(&rx);
        assert!(receiver.poll().is_pending(), "capacity {cap}");
        assert_eq!(receiver.wakes(), 0, "capacity {cap}");

        // A waiting receiver makes even an unbuffered send succeed, and the value goes to
        // it directly, never through the buffer.
        tx.try_send(7).unwrap();
        assert_eq!(receiver.wakes(), 1, "capacity {cap}");
        assert_eq!(tx.len(), 0, "capacity {cap}");
        assert_eq!(receiver.poll(), Poll::Ready(Some(7)), "capacity {cap}");

        // The value was received once: the next receive waits again.
        assert!(parked_recv(&rx).poll().is_pending(), "capacity {cap}");
    }
}

#[test]
fn close_wakes_every_waiting_receiver_and_sender() {
    for cap in CAPACITIES {
        // Receivers waiting on an empty channel see the end.
        let (tx, rx) = channel::<usize>(cap);
        let mut receivers = [parked_recv(&rx), parked_recv(&rx.clone())];
        tx.close().unwrap();
        for receiver in &mut receivers {
            assert_eq!(receiver.wakes(), 1, "capacity {cap}");
            assert_eq!(receiver.poll(), Poll::Ready(None), "capacity {cap}");
        }

        // Senders waiting on a full channel get their value back; the buffer stays.
        let (tx, rx) = channel::<usize>(cap);
        for n in 0..cap {
            tx.try_send(n).unwrap();
        }
        let mut senders = [parked_send(&tx, 100), parked_send(&tx.clone(), 101)];
        tx.close().unwrap();
        for (sender, value) in senders.iter_mut().zip([100, 101]) {
            assert_eq!(sender.wakes(), 1, "capacity {cap}");
            match sender.poll() {
                Poll::Ready(Err(refused)) => {
                    assert!(refused.is_closed());
                    assert_eq!(refused.into_inner(), value, "capacity {cap}");
                }
                other => panic!("capacity {cap}: expected the closed error, got {other:?}"),
            }
        }
        assert_eq!(drain(&rx), (0..cap).collect::<Vec<_>>(), "capacity {cap}");
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed), "capacity {cap}");
    }
}

#[test]
fn after_close_the_buffer_drains_and_then_the_end_repeats_forever() {
    for cap in CAPACITIES {
        let (tx, mut rx) = channel(cap);
        for n in 0..cap {
            tx.try_send(n).unwrap();
        }
        tx.close().unwrap();
        assert!(rx.is_closed() && tx.is_closed());

        let mut received = Vec::new();
        for _ in 0..cap {
            let mut receiver = Task::new(rx.recv());
            match receiver.poll() {
                Poll::Ready(Some(value)) => received.push(value),
                other => panic!("capacity {cap}: expected a buffered value, got {other:?}"),
            }
        }
        assert_eq!(received, (0..cap).collect::<Vec<_>>(), "capacity {cap}");
        assert!(
            !rx.is_terminated(),
            "capacity {cap}: nobody has seen the end yet"
        );

        // The end, at once, through every way of receiving, again and again.
        for _ in 0..3 {
            assert_eq!(
                Task::new(rx.recv()).poll(),
                Poll::Ready(None),
                "capacity {cap}"
            );
            assert_eq!(rx.try_recv(), Err(TryRecvError::Closed), "capacity {cap}");
            assert_eq!(
                Task::new(rx.next()).poll(),
                Poll::Ready(None),
                "capacity {cap}"
            );
        }
        assert!(rx.is_terminated(), "capacity {cap}");
        assert!(rx.try_recv().unwrap_err().is_closed());
        assert_eq!(TryRecvError::Closed.to_string(), "channel is closed");
    }
}

#[test]
fn send_on_a_closed_channel_and_a_second_close_are_errors() {
    for cap in CAPACITIES {
        let (tx, rx) = channel(cap);
        if cap > 0 {
            tx.try_send("kept").unwrap();
        }
        tx.close().unwrap();

        let refused = tx.try_send("try").unwrap_err();
        assert!(refused.is_closed() && !refused.is_full(), "capacity {cap}");
        assert_eq!(refused.to_string(), "send on closed channel");
        assert_eq!(refused.into_inner(), "try");

        // A waiting send on a closed channel does not wait.
        match Task::new(tx.send("wait")).poll() {
            Poll::Ready(Err(refused)) => {
                assert!(refused.is_closed());
                assert_eq!(refused.to_string(), "send on closed channel");
                assert_eq!(refused.into_inner(), "wait", "capacity {cap}");
            }
            other => panic!("capacity {cap}: expected the closed error, got {other:?}"),
        }

        let double = tx.clone().close();
        assert_eq!(double, Err(CloseError), "capacity {cap}");
        assert_eq!(CloseError.to_string(), "close of closed channel");

        // Neither error disturbed what was buffered.
        assert_eq!(tx.len(), usize::from(cap > 0), "capacity {cap}");
        let expected = if cap > 0 { vec!["kept"] } else { vec![] };
        assert_eq!(drain(&rx), expected, "capacity {cap}");
    }
}

#[test]
fn several_producers_and_consumers_see_each_value_exactly_once() {
    const PRODUCERS: usize = 4;
    const VALUES: usize = 25;
    for cap in CAPACITIES {
        for consumers in [1, 3] {
            let (tx, rx) = channel::<(usize, usize)>(cap);
            let mut pool = LocalPool::new();
            let spawner = pool.spawner();
            let finished = Rc::new(RefCell::new(0));
            let logs: Vec<_> = (0..consumers)
                .map(|_| Rc::new(RefCell::new(Vec::new())))
                .collect();

            for producer in 0..PRODUCERS {
                let tx = tx.clone();
                let finished = Rc::clone(&finished);
                spawner
                    .spawn_local(async move {
                        for n in 0..VALUES {
                            tx.send((producer, n)).await.unwrap();
                        }
                        // The last producer done closes, as a Go WaitGroup would.
                        *finished.borrow_mut() += 1;
                        if *finished.borrow() == PRODUCERS {
                            tx.close().unwrap();
                        }
                    })
                    .unwrap();
            }
            for log in &logs {
                let mut rx = rx.clone();
                let log = Rc::clone(log);
                spawner
                    .spawn_local(async move {
                        while let Some(value) = rx.next().await {
                            log.borrow_mut().push(value);
                        }
                    })
                    .unwrap();
            }
            pool.run_until_stalled();

            let mut all: Vec<_> = logs.iter().flat_map(|log| log.borrow().clone()).collect();
            all.sort_unstable();
            let expected: Vec<_> = (0..PRODUCERS)
                .flat_map(|p| (0..VALUES).map(move |n| (p, n)))
                .collect();
            assert_eq!(all, expected, "capacity {cap}, {consumers} consumers");

            // Each consumer sees each producer's values in the order they were sent.
            for log in &logs {
                for producer in 0..PRODUCERS {
                    let seen: Vec<_> = log
                        .borrow()
                        .iter()
                        .filter(|(p, _)| *p == producer)
                        .map(|(_, n)| *n)
                        .collect();
                    assert!(seen.windows(2).all(|w| w[0] < w[1]), "capacity {cap}");
                }
            }
        }
    }
}

#[test]
fn a_send_completes_only_when_its_value_is_accepted() {
    for cap in CAPACITIES {
        let (tx, rx) = channel(cap);

        // With room in the buffer a send completes at once; the next one has to wait,
        // which for an unbuffered channel is the very first.
        for n in 0..cap {
            assert_eq!(Task::new(tx.send(n)).poll(), Poll::Ready(Ok(())));
        }
        let mut sender = parked_send(&tx, 99);
        assert!(sender.poll().is_pending(), "capacity {cap}");
        assert_eq!((sender.wakes(), tx.len()), (0, cap), "capacity {cap}");

        // A receive accepts it, and wakes it.
        let first = rx.try_recv().unwrap();
        assert_eq!(first, if cap == 0 { 99 } else { 0 }, "capacity {cap}");
        assert_eq!(sender.wakes(), 1, "capacity {cap}");
        assert_eq!(sender.poll(), Poll::Ready(Ok(())), "capacity {cap}");
        assert_eq!(tx.len(), cap, "capacity {cap}");
    }

    // Unbuffered: a receiver that is already waiting lets the send complete at once, and
    // the value goes straight to it.
    let (tx, rx) = channel(0);
    let mut receiver = parked_recv(&rx);
    assert_eq!(Task::new(tx.send("now")).poll(), Poll::Ready(Ok(())));
    assert_eq!(tx.len(), 0);
    assert_eq!(receiver.poll(), Poll::Ready(Some("now")));
}

#[test]
fn a_select_never_pairs_its_own_send_with_its_own_receive() {
    for cap in CAPACITIES {
        for seed in 0..8 {
            let (tx, rx) = channel::<&str>(cap);
            let mut select = Select::new();
            let send = select.send(&tx, "mine");
            let recv = select.recv(&rx);

            // With a default: unbuffered, neither case is ready, so the default is taken;
            // buffered, the send is ready because the buffer has room.
            match select.try_select(&mut seeded(seed)) {
                Err(select) => {
                    assert_eq!(cap, 0, "seed {seed}: only unbuffered takes the default");
                    assert_eq!(select.len(), 2);
                    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty), "seed {seed}");
                }
                Ok(Selected::Send { case, result }) => {
                    assert!(
                        cap > 0,
                        "seed {seed}: an unbuffered select paired with itself"
                    );
                    assert_eq!(case, send);
                    assert!(result.is_ok());
                    assert_eq!(rx.len(), 1, "capacity {cap}");
                }
                Ok(other) => panic!("capacity {cap}, seed {seed}: unexpected {other:?}"),
            }
            assert_ne!(send, recv);
        }
    }

    // Polled again and again without being woken, a waiting select still finds nobody.
    for seed in 0..8 {
        let (tx, rx) = channel::<&str>(0);
        let mut select = Select::new();
        select.send(&tx, "mine");
        select.recv(&rx);
        let mut future = Task::new(select.select(&mut seeded(seed)));
        for _ in 0..3 {
            assert!(
                future.poll().is_pending(),
                "seed {seed}: it paired with itself"
            );
        }
        assert_eq!(future.wakes(), 0, "seed {seed}");
        assert_eq!(rx.try_recv(), Ok("mine"), "seed {seed}");
        assert_eq!(future.wakes(), 1, "seed {seed}");
    }

    // Without a default, unbuffered: it waits until another task arrives, whichever side.
    for (seed, other_side_sends) in [(1, false), (2, true), (3, false), (4, true)] {
        let (tx, rx) = channel::<&str>(0);
        let mut pool = LocalPool::new();
        let spawner = pool.spawner();
        let outcome = Rc::new(RefCell::new(None));

        let mut select = Select::new();
        let send = select.send(&tx, "mine");
        let recv = select.recv(&rx);
        let future = select.select(&mut seeded(seed));
        let slot = Rc::clone(&outcome);
        spawner
            .spawn_local(async move {
                *slot.borrow_mut() = Some(future.await);
            })
            .unwrap();
        for _ in 0..3 {
            pool.run_until_stalled();
            assert!(
                outcome.borrow().is_none(),
                "seed {seed}: it paired with itself"
            );
        }
        assert_eq!(tx.len(), 0);

        let got = Rc::new(RefCell::new(None));
        let got_slot = Rc::clone(&got);
        if other_side_sends {
            let tx = tx.clone();
            spawner
                .spawn_local(async move { tx.send("theirs").await.unwrap() })
                .unwrap();
        } else {
            let rx = rx.clone();
            spawner
                .spawn_local(async move { *got_slot.borrow_mut() = rx.recv().await })
                .unwrap();
        }
        pool.run_until_stalled();

        match outcome.borrow_mut().take() {
            Some(Selected::Recv { case, value }) => {
                assert!(other_side_sends, "seed {seed}");
                assert_eq!((case, value), (recv, Some("theirs")));
            }
            Some(Selected::Send { case, result }) => {
                assert!(!other_side_sends, "seed {seed}");
                assert_eq!(case, send);
                assert!(result.is_ok());
                assert_eq!(*got.borrow(), Some("mine"));
            }
            None => panic!("seed {seed}: the select did not complete"),
        }
        // Its other case was withdrawn: nothing of the select remains on the channel.
        assert!(tx.try_send("late").unwrap_err().is_full(), "seed {seed}");
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty), "seed {seed}");
    }
}

/// Makes case `k` of the uniformity test ready: a value to receive on a receive channel, a
/// waiting receiver (unbuffered) or room (buffered) on the send channel.
struct ReadyCases {
    cap: usize,
    receive_from: Vec<(Sender<u32>, Receiver<u32>)>,
    send_to: (Sender<u32>, Receiver<u32>),
    parked_senders: Vec<Task<SendFuture<u32>>>,
    parked_receiver: Option<Task<RecvFuture<u32>>>,
}

impl ReadyCases {
    fn new(cap: usize) -> ReadyCases {
        let mut cases = ReadyCases {
            cap,
            receive_from: (0..2).map(|_| channel(cap)).collect(),
            send_to: channel(cap),
            parked_senders: Vec::new(),
            parked_receiver: None,
        };
        cases.make_ready(0);
        cases.make_ready(1);
        // A buffered send channel starts with room; an unbuffered one needs a receiver.
        if cap == 0 {
            cases.make_ready(2);
        }
        cases
    }

    fn make_ready(&mut self, k: usize) {
        match (k, self.cap) {
            (0 | 1, 0) => {
                let sender = parked_send(&self.receive_from[k].0, 7);
                self.parked_senders.push(sender);
            }
            (0 | 1, _) => self.receive_from[k].0.try_send(7).unwrap(),
            (_, 0) => {
                // Collect what the last parked receiver was handed before parking another.
                if let Some(mut receiver) = self.parked_receiver.take() {
                    assert_eq!(receiver.poll(), Poll::Ready(Some(8)));
                }
                self.parked_receiver = Some(parked_recv(&self.send_to.1));
            }
            _ => assert_eq!(self.send_to.1.try_recv(), Ok(8)),
        }
    }

    fn select(&self) -> Select<u32> {
        let mut select = Select::new();
        select.recv(&self.receive_from[0].1);
        select.recv(&self.receive_from[1].1);
        select.send(&self.send_to.0, 8);
        select
    }

    /// Runs `rounds` selects with the default case and returns the cases taken.
    fn run(cap: usize, seed: u64, rounds: usize) -> Vec<usize> {
        let mut cases = ReadyCases::new(cap);
        let mut pick = seeded(seed);
        let mut picks = Vec::new();
        for _ in 0..rounds {
            let selected = cases.select().try_select(&mut pick).unwrap();
            match &selected {
                Selected::Recv { value, .. } => assert_eq!(*value, Some(7)),
                Selected::Send { result, .. } => assert!(result.is_ok()),
            }
            picks.push(selected.case());
            cases.make_ready(selected.case());
        }
        picks
    }
}

#[test]
fn a_select_picks_uniformly_among_ready_cases_and_the_same_seed_picks_the_same() {
    for cap in CAPACITIES {
        let picks = ReadyCases::run(cap, 42, 900);
        let mut counts = [0; 3];
        for &case in &picks {
            counts[case] += 1;
        }
        // 300 expected each; 60 is more than four standard deviations.
        for count in counts {
            assert!((240..=360).contains(&count), "capacity {cap}: {counts:?}");
        }

        assert_eq!(picks, ReadyCases::run(cap, 42, 900), "capacity {cap}");
        assert_ne!(picks, ReadyCases::run(cap, 43, 900), "capacity {cap}");
    }
}

#[test]
fn a_select_takes_the_default_only_when_no_case_is_ready() {
    for cap in CAPACITIES {
        for seed in 0..16 {
            let channels: Vec<(Sender<u32>, Receiver<u32>)> =
                (0..3).map(|_| channel(cap)).collect();
            let select_all = || {
                let mut select = Select::new();
                for (_, rx) in &channels {
                    select.recv(rx);
                }
                select
            };
            let select = select_all().try_select(&mut seeded(seed)).unwrap_err();
            assert_eq!(select.len(), 3);

            // One ready case: always that one, whatever the seed, with or without default.
            let _sender = (cap == 0).then(|| parked_send(&channels[1].0, 5));
            if cap > 0 {
                channels[1].0.try_send(5).unwrap();
            }
            match select_all().try_select(&mut seeded(seed)) {
                Ok(Selected::Recv { case, value }) => assert_eq!((case, value), (1, Some(5))),
                other => panic!("capacity {cap}, seed {seed}: got {other:?}"),
            }
            let mut future = Task::new(select_all().select(&mut seeded(seed)));
            assert!(future.poll().is_pending(), "capacity {cap}, seed {seed}");
            channels[2].0.try_send(6).unwrap();
            assert_eq!(future.wakes(), 1);
            match future.poll() {
                Poll::Ready(Selected::Recv { case, value }) => {
                    assert_eq!((case, value), (2, Some(6)));
                }
                other => panic!("capacity {cap}, seed {seed}: got {other:?}"),
            }
        }
    }
}

#[test]
fn a_settled_select_is_passed_over_by_its_other_channels() {
    for cap in CAPACITIES {
        let [(tx_a, rx_a), (tx_b, rx_b), (tx_c, rx_c), (tx_d, rx_d)] =
            [(); 4].map(|()| channel::<u32>(cap));
        for n in 0..cap as u32 {
            tx_d.try_send(n).unwrap();
        }
        let mut select = Select::new();
        let a = select.recv(&rx_a);
        select.recv(&rx_b);
        select.recv(&rx_c);
        select.send(&tx_d, 99);
        let mut future = Task::new(select.select(&mut seeded(3)));
        assert!(future.poll().is_pending(), "capacity {cap}");

        // Settled by `a`; before it runs again, its cases on `b`, `c` and `d` must count
        // for nothing: no send pairs with them, no close overrides, no receive takes 99.
        tx_a.try_send(1).unwrap();
        assert_eq!(tx_b.try_send(2).is_err(), cap == 0, "capacity {cap}");
        tx_c.close().unwrap();
        assert_eq!(
            drain(&rx_d),
            (0..cap as u32).collect::<Vec<_>>(),
            "capacity {cap}"
        );
        assert_eq!(future.wakes(), 1, "capacity {cap}");

        match future.poll() {
            Poll::Ready(Selected::Recv { case, value }) => {
                assert_eq!((case, value), (a, Some(1)), "capacity {cap}");
            }
            other => panic!("capacity {cap}: got {other:?}"),
        }
        let expected = if cap > 0 { vec![2] } else { vec![] };
        assert_eq!(drain(&rx_b), expected, "capacity {cap}");
        assert_eq!(rx_c.try_recv(), Err(TryRecvError::Closed), "capacity {cap}");
        assert_eq!(rx_d.try_recv(), Err(TryRecvError::Empty), "capacity {cap}");
    }
}

#[test]
fn a_waiting_select_is_woken_by_a_close() {
    for cap in CAPACITIES {
        let (tx_a, rx_a) = channel::<u32>(cap);
        let (tx_b, _rx_b) = channel::<u32>(cap);
        for n in 0..cap {
            tx_b.try_send(n as u32).unwrap();
        }
        let mut select = Select::new();
        select.recv(&rx_a);
        let send = select.send(&tx_b, 9);
        let mut future = Task::new(select.select(&mut seeded(5)));
        assert!(future.poll().is_pending(), "capacity {cap}");

        tx_b.close().unwrap();
        assert_eq!(future.wakes(), 1, "capacity {cap}");
        match future.poll() {
            Poll::Ready(Selected::Send { case, result }) => {
                assert_eq!(case, send);
                assert_eq!(result.unwrap_err().into_inner(), 9, "capacity {cap}");
            }
            other => panic!("capacity {cap}: got {other:?}"),
        }
        // Its receive case was withdrawn: an unbuffered send finds nobody.
        assert_eq!(tx_a.try_send(1).is_err(), cap == 0, "capacity {cap}");
    }
}

#[test]
fn a_dropped_receive_is_never_paired_with() {
    for cap in CAPACITIES {
        let (tx, rx) = channel(cap);
        drop(parked_recv(&rx));
        let mut stream = rx.clone();
        assert!(Task::new(stream.next()).poll().is_pending());
        drop(stream);

        // Unbuffered, nobody waits any more; buffered, the value is buffered.
        let sent = tx.try_send(1);
        assert_eq!(sent.is_err(), cap == 0, "capacity {cap}");
        assert_eq!(tx.len(), usize::from(cap > 0), "capacity {cap}");
        let expected = if cap > 0 { vec![1] } else { vec![] };
        assert_eq!(drain(&rx), expected, "capacity {cap}");
    }
}

#[test]
fn a_value_handed_to_a_dropped_receive_is_neither_lost_nor_duplicated() {
    for cap in CAPACITIES {
        // Nobody else waits: the value goes back to the front of the channel.
        let (tx, rx) = channel(cap);
        let receiver = parked_recv(&rx);
        tx.try_send(1).unwrap();
        let second = tx.try_send(2);
        assert_eq!(second.is_ok(), cap > 0, "capacity {cap}");
        drop(receiver);
        let expected = if cap > 0 { vec![1, 2] } else { vec![1] };
        assert_eq!(drain(&rx), expected, "capacity {cap}");
        assert_eq!(tx.len(), 0);

        // Another receiver waits: it gets the value and is woken.
        let (tx, rx) = channel(cap);
        let first = parked_recv(&rx);
        let mut next = parked_recv(&rx);
        tx.try_send(5).unwrap();
        drop(first);
        assert_eq!(next.wakes(), 1, "capacity {cap}");
        assert_eq!(next.poll(), Poll::Ready(Some(5)), "capacity {cap}");
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty), "capacity {cap}");

        // A stream dropped mid-receive gives its value back as well.
        let (tx, rx) = channel(cap);
        let mut stream = rx.clone();
        assert!(Task::new(Pin::new(&mut stream).next()).poll().is_pending());
        tx.try_send(3).unwrap();
        drop(stream);
        assert_eq!(drain(&rx), vec![3], "capacity {cap}");

        // Several given back keep the order they were handed over in.
        let (tx, rx) = channel(cap);
        let receivers: Vec<_> = (0..3).map(|_| parked_recv(&rx)).collect();
        for n in 0..3 {
            tx.try_send(n).unwrap();
        }
        for receiver in receivers.into_iter().rev() {
            drop(receiver);
        }
        assert_eq!(drain(&rx), vec![0, 1, 2], "capacity {cap}");
    }
}

#[test]
fn a_value_given_back_after_close_comes_before_the_end_but_never_after_it() {
    for cap in CAPACITIES {
        // Given back before anyone saw the end: received, then the end.
        let (tx, rx) = channel(cap);
        let receiver = parked_recv(&rx);
        tx.try_send(1).unwrap();
        tx.close().unwrap();
        drop(receiver);
        assert_eq!(rx.try_recv(), Ok(1), "capacity {cap}");
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed), "capacity {cap}");

        // The end was seen first: the end stays the end.
        let (tx, rx) = channel(cap);
        let receiver = parked_recv(&rx);
        tx.try_send(1).unwrap();
        tx.close().unwrap();
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed), "capacity {cap}");
        drop(receiver);
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed), "capacity {cap}");
        assert!(rx.is_terminated());
    }
}

#[test]
fn a_dropped_send_is_withdrawn_and_a_completed_one_counts_once() {
    for cap in CAPACITIES {
        // Withdrawn while waiting: its value is never received.
        let (tx, rx) = channel(cap);
        for n in 0..cap {
            tx.try_send(n).unwrap();
        }
        drop(parked_send(&tx, 99));
        assert_eq!(drain(&rx), (0..cap).collect::<Vec<_>>(), "capacity {cap}");
        let mut receiver = parked_recv(&rx);
        assert!(receiver.poll().is_pending(), "capacity {cap}");
        assert_eq!(receiver.wakes(), 0, "capacity {cap}");

        // Accepted, then dropped before it saw so: received exactly once.
        let (tx, rx) = channel(cap);
        for n in 0..cap {
            tx.try_send(n).unwrap();
        }
        let sender = parked_send(&tx, 99);
        let first = rx.try_recv().unwrap();
        drop(sender);
        let mut all = vec![first];
        all.extend(drain(&rx));
        let expected: Vec<_> = (0..cap).chain([99]).collect();
        assert_eq!(all, expected, "capacity {cap}");

        // A waiting select dropped: its send and receive are both withdrawn.
        let (tx_a, rx_a) = channel(cap);
        let (tx_b, rx_b) = channel(cap);
        for n in 0..cap {
            tx_b.try_send(n).unwrap();
        }
        let mut select = Select::new();
        select.recv(&rx_a);
        select.send(&tx_b, 99);
        let mut future = Task::new(select.select(&mut seeded(9)));
        assert!(future.poll().is_pending());
        drop(future);
        assert_eq!(tx_a.try_send(1).is_err(), cap == 0, "capacity {cap}");
        assert_eq!(drain(&rx_b), (0..cap).collect::<Vec<_>>(), "capacity {cap}");
    }
}

#[test]
fn the_receiver_is_a_stream_that_ends_after_close() {
    for cap in CAPACITIES {
        let (tx, rx) = channel(cap);
        let mut pool = LocalPool::new();
        let collected = Rc::new(RefCell::new(None));
        let slot = Rc::clone(&collected);
        pool.spawner()
            .spawn_local(async move { *slot.borrow_mut() = Some(rx.collect::<Vec<_>>().await) })
            .unwrap();
        pool.spawner()
            .spawn_local(async move {
                for n in 0..5 {
                    tx.send(n).await.unwrap();
                }
                tx.close().unwrap();
            })
            .unwrap();
        pool.run_until_stalled();
        assert_eq!(
            *collected.borrow(),
            Some(vec![0, 1, 2, 3, 4]),
            "capacity {cap}"
        );
    }
}
