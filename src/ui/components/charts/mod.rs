//! The live charts: publish rate per topic, delivery and drop rate per subscriber, and each
//! subscriber's buffer fill, over the last simulated seconds.
//!
//! The series come with each frame ([`Frame::charts`](crate::ui::hooks::Frame::charts)),
//! sampled by the simulation on its virtual clock (see [`crate::sim::History`]); nothing
//! here counts messages. Each chart is drawn with plotters onto a `<canvas>` after the render
//! that brought new values, so at most once per animation frame, and only when its values
//! changed: at normal speed a sample, and so a redraw, comes every 0.1 simulated seconds.
//!
//! Colour is never the only cue: each series has its own marker shape and solid or dashed
//! line, named in an HTML legend under the canvas. Each canvas has `role="img"` and an
//! `aria-label` with the newest values, and a table of every series' newest value follows
//! it in a `<details>`.
//!
//! The legend is HTML rather than plotters' own: plotters measures legend text by adding a
//! span to the page and reading its size, a forced layout per label per redraw, while the
//! axis labels used here need no measuring.

pub mod chart_figure;
mod draw;
pub mod live_charts;
mod series_style;
