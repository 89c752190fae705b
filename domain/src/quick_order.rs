//! A one-milestone order written in one message, one item per line: the title, what will be delivered (one or more
//! lines), the deadline, the amount. The milestone takes the order's title and [`DEFAULT_REVISIONS`]; both show in
//! the summary before the order is confirmed. Whatever needs a second look (vague deliverables, a deadline that was
//! a guess or is very short) is not taken from here: the person is asked step by step instead.

use crate::deadline_input::{DeadlineReading, doubt, parse_deadline};
use crate::money::{Currency, parse_amount};
use crate::terms::{Deliverables, MilestoneTerms, RevisionCount, Title};
use chrono::{DateTime, Utc};

/// Revisions included when the person did not say.
pub const DEFAULT_REVISIONS: u8 = 1;

/// The line that could not be taken, so the person knows what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickProblem {
    /// Fewer than four lines: not a quick order (a plain title, most likely).
    TooFewLines,
    Title,
    Deliverables,
    /// Deliverables too vague to review against: asked for step by step, with examples.
    VagueDeliverables,
    Deadline,
    /// A deadline read with a guess, or under a day: confirmed step by step.
    DoubtfulDeadline,
    Amount,
}

/// The order's title and its one milestone, read from `text`.
pub fn read_quick_order(
    text: &str,
    currency: Currency,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<(Title, MilestoneTerms), QuickProblem> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let [first, middle @ .., deadline, amount] = lines.as_slice() else {
        return Err(QuickProblem::TooFewLines);
    };
    if middle.is_empty() {
        return Err(QuickProblem::TooFewLines);
    }
    let title = Title::new(first).map_err(|_| QuickProblem::Title)?;
    let deliverables =
        Deliverables::new(&middle.join("\n")).map_err(|_| QuickProblem::Deliverables)?;
    if deliverables.is_vague() {
        return Err(QuickProblem::VagueDeliverables);
    }
    let deadline = match parse_deadline(deadline, now, tz) {
        Ok(DeadlineReading::Certain(d)) if doubt(&d, &[], now).is_none() => d,
        Ok(_) => return Err(QuickProblem::DoubtfulDeadline),
        Err(_) => return Err(QuickProblem::Deadline),
    };
    let amount = parse_amount(amount, currency)
        .ok()
        .filter(|a| a.currency() == currency)
        .ok_or(QuickProblem::Amount)?;
    let terms = MilestoneTerms {
        title: title.clone(),
        deliverables,
        deadline,
        amount,
        revisions: RevisionCount::new(DEFAULT_REVISIONS).expect("within the limit"),
    };
    Ok((title, terms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::Deadline;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap()
    }

    fn read(text: &str) -> Result<(Title, MilestoneTerms), QuickProblem> {
        read_quick_order(text, Currency::ETB, now(), chrono_tz::Africa::Addis_Ababa)
    }

    #[test]
    fn four_lines_make_an_order_with_its_milestone() {
        let (title, terms) = read("Logo for my café\n3 logo concepts as PNG\n7d\n1,500").unwrap();
        assert_eq!(title.as_str(), "Logo for my café");
        assert_eq!(terms.title.as_str(), "Logo for my café");
        assert_eq!(terms.deliverables.items().len(), 1);
        assert_eq!(
            terms.deadline,
            Deadline::after_activation(Duration::days(7)).unwrap()
        );
        assert_eq!(terms.amount.to_minor(), 150_000);
        assert_eq!(terms.revisions.get(), DEFAULT_REVISIONS);
    }

    #[test]
    fn every_line_between_title_and_deadline_is_a_deliverable() {
        let text = "Menu\n\n- 2 page menu as PDF\n- the source file (AI)\n  \n10 days\n800 ብር";
        let (_, terms) = read(text).unwrap();
        assert_eq!(terms.deliverables.items().len(), 2);
    }

    #[test]
    fn what_needs_a_second_look_is_not_taken_from_one_message() {
        assert_eq!(read("Logo").unwrap_err(), QuickProblem::TooFewLines);
        assert_eq!(
            read("Logo\n7d\n1500").unwrap_err(),
            QuickProblem::TooFewLines
        );
        assert_eq!(
            read("Logo\nthe logo\n7d\n1500").unwrap_err(),
            QuickProblem::VagueDeliverables
        );
        assert_eq!(
            read("Logo\n3 concepts as PNG\nsoon\n1500").unwrap_err(),
            QuickProblem::Deadline
        );
        assert_eq!(
            read("Logo\n3 concepts as PNG\n2h\n1500").unwrap_err(),
            QuickProblem::DoubtfulDeadline
        );
        assert_eq!(
            read("Logo\n3 concepts as PNG\n7d\nfree").unwrap_err(),
            QuickProblem::Amount
        );
        assert_eq!(
            read("Logo\n3 concepts as PNG\n7d\n$15").unwrap_err(),
            QuickProblem::Amount
        );
    }

    proptest! {
        /// Whatever is typed, reading never panics, and an order it accepts has all its parts.
        #[test]
        fn any_text_is_read_or_refused(text in "[a-zA-Z0-9 ,.\\n-]{0,120}") {
            if let Ok((title, terms)) = read(&text) {
                prop_assert_eq!(title.as_str(), terms.title.as_str());
                prop_assert!(!terms.deliverables.is_vague());
                prop_assert!(text.lines().filter(|l| !l.trim().is_empty()).count() >= 4);
            }
        }

        /// A title, precise deliverables, a number of days and an amount always make an order.
        #[test]
        fn a_well_formed_message_is_taken(days in 1u32..90, birr in 1u32..100_000, pieces in 1usize..5) {
            let deliverables: Vec<String> = (1..=pieces).map(|i| format!("- {i} logo concepts as PNG")).collect();
            let text = format!("Logo\n{}\n{days}d\n{birr}", deliverables.join("\n"));
            let (_, terms) = read(&text).unwrap();
            prop_assert_eq!(terms.amount.to_minor(), i64::from(birr) * 100);
            prop_assert_eq!(terms.deliverables.items().len(), pieces);
        }
    }
}
