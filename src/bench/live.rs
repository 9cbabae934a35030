//! The live line on stderr while a bench runs: progress, calls per second over the last second and the failures so
//! far, coloured (as oha's live view is), redrawn in place ten times a second and cleared when the run ends, by
//! completion or by Ctrl-C. The line leaves the terminal's last columns free, so the `^C` a terminal echoes does not
//! wrap it onto a second row that clearing would miss.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::engine::Shared;
use crate::answer::color::{Paint, Palette};
use crate::answer::output::{CLEAR_LINE, Ui, terminal_width};
use crate::wording::human_duration;

const TICK: Duration = Duration::from_millis(100);
const BAR: usize = 40;
/// The columns the words beside the bar usually need.
const WORDS: usize = 50;
/// Columns left free at the end of the line: the terminal's `^C` echo, and one to spare.
const SPARE: usize = 3;

/// What the run is bounded by.
#[derive(Debug, Clone, Copy)]
pub enum Goal {
    Calls(u64),
    Time(Duration),
}

/// A drawn live line; `finish` clears it.
pub struct LiveLine {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl LiveLine {
    /// Starts drawing on the printer's stderr, from a task on the current runtime.
    pub fn start(shared: Arc<Shared>, goal: Goal, ui: &Ui) -> LiveLine {
        let (palette, ui) = (ui.stderr_palette, ui.clone());
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let task = tokio::spawn(async move {
            let started = Instant::now();
            let width = usize::from(terminal_width());
            let mut history: VecDeque<(Instant, u64)> = VecDeque::new();
            while !stopped.load(Ordering::Relaxed) {
                let now = Instant::now();
                let done = shared.done.load(Ordering::Relaxed);
                let failed = shared.failed.load(Ordering::Relaxed).min(done);
                history.push_back((now, done));
                while history.len() > 2 && history.front().is_some_and(|(t, _)| now - *t > Duration::from_secs(1)) {
                    history.pop_front();
                }
                let rate = match history.front() {
                    Some((t, d)) if now - *t >= Duration::from_millis(300) => {
                        (done - d) as f64 / (now - *t).as_secs_f64()
                    }
                    _ if now > started => done as f64 / (now - started).as_secs_f64(),
                    _ => 0.0,
                };
                let frame = Frame {
                    goal,
                    elapsed: now - started,
                    done,
                    failed,
                    rate,
                };
                ui.err(format!("\r{}\x1b[K", frame.draw(width, &palette)).as_bytes());
                tokio::time::sleep(TICK).await;
            }
            ui.err(CLEAR_LINE.as_bytes());
        });
        LiveLine { stop, task }
    }

    /// Stops drawing and clears the line.
    pub async fn finish(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
    }
}

/// What one redraw shows.
struct Frame {
    goal: Goal,
    elapsed: Duration,
    done: u64,
    failed: u64,
    rate: f64,
}

impl Frame {
    /// `████░░░░ 113/200 calls · 523 calls/s · 113 failed (100.0%)`, at most `width - SPARE` columns wide.
    fn draw(&self, width: usize, palette: &Palette) -> String {
        let (progress, share) = match self.goal {
            Goal::Calls(total) => (
                format!("{}/{total} calls", self.done),
                self.done as f64 / total.max(1) as f64,
            ),
            Goal::Time(limit) => (
                format!(
                    "{}/{} · {} calls",
                    match self.elapsed.as_secs() {
                        0 => "0s".to_string(),
                        secs => human_duration(Duration::from_secs(secs)),
                    },
                    human_duration(limit),
                    self.done
                ),
                self.elapsed.as_secs_f64() / limit.as_secs_f64().max(f64::MIN_POSITIVE),
            ),
        };
        let rate = format!("{:.0} calls/s", self.rate);
        let failed = if self.failed == 0 {
            "0 failed".to_string()
        } else {
            format!(
                "{} failed ({:.1}%)",
                self.failed,
                self.failed as f64 * 100.0 / self.done.max(1) as f64
            )
        };
        let words = format!("{progress} · {rate} · {failed}");
        // The bar's width depends on the terminal's only (words of up to WORDS columns beside it), so it does not
        // jump as the numbers grow; longer words shorten it.
        let room = width.saturating_sub(SPARE);
        let bar_width = room.saturating_sub(WORDS.max(words.chars().count()) + 1).min(BAR);
        let failed_painted = palette.paint(&failed, if self.failed == 0 { Paint::Good } else { Paint::Error });
        let text = format!("{progress} · {rate} · {failed_painted}");
        if bar_width < 10 {
            return text;
        }
        let filled = ((share.clamp(0.0, 1.0) * bar_width as f64).round() as usize).min(bar_width);
        let red = if self.done == 0 {
            0
        } else {
            ((self.failed as f64 / self.done as f64) * filled as f64).ceil() as usize
        }
        .min(filled);
        let bar = [
            ("█", filled - red, Paint::Good),
            ("█", red, Paint::Error),
            ("░", bar_width - filled, Paint::Dim),
        ]
        .iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(glyph, n, paint)| palette.paint(&glyph.repeat(*n), *paint))
        .collect::<String>();
        format!("{bar} {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(goal: Goal, done: u64, failed: u64) -> Frame {
        Frame {
            goal,
            elapsed: Duration::from_millis(3_400),
            done,
            failed,
            rate: 523.4,
        }
    }

    #[test]
    fn frames_say_rate_and_failures() {
        let plain = Palette::plain();
        assert_eq!(
            frame(Goal::Calls(200), 100, 0).draw(80, &plain),
            format!(
                "{}{} 100/200 calls · 523 calls/s · 0 failed",
                "█".repeat(13),
                "░".repeat(13)
            )
        );
        assert_eq!(
            frame(Goal::Time(Duration::from_secs(10)), 1523, 1523).draw(200, &plain),
            format!(
                "{}{} 3s/10s · 1523 calls · 523 calls/s · 1523 failed (100.0%)",
                "█".repeat(14),
                "░".repeat(26)
            )
        );
    }

    #[test]
    fn frames_leave_room_for_the_terminals_echo() {
        let plain = Palette::plain();
        for width in [20, 40, 60, 80, 120] {
            let line = frame(Goal::Calls(200), 113, 7).draw(width, &plain);
            let words = "113/200 calls · 523 calls/s · 7 failed (6.2%)".chars().count();
            assert!(line.chars().count() <= (width - SPARE).max(words), "{width}: {line}");
        }
    }

    #[test]
    fn failures_are_red() {
        let colored = Palette::colored();
        let line = frame(Goal::Calls(200), 100, 100).draw(80, &colored);
        assert!(line.contains("\u{1b}[1;31m100 failed (100.0%)\u{1b}[0m"), "{line:?}");
        let line = frame(Goal::Calls(200), 100, 0).draw(80, &colored);
        assert!(line.contains("\u{1b}[1;32m0 failed\u{1b}[0m"), "{line:?}");
    }
}
