//! `/export`: a person's orders as a CSV file that opens cleanly in a spreadsheet. UTF-8 with a byte-order mark, so
//! Excel shows Amharic titles as written; every cell a counterparty typed that a spreadsheet would run as a formula
//! (`=`, `+`, `-`, `@`, a tab or a carriage return first) is prefixed with `'`, so it stays text.

use dereja_domain::{Order, UserId};

/// Column names are stable identifiers (for spreadsheets and scripts); amounts are exact decimals; times are UTC
/// (RFC 3339).
const HEADER: [&str; 10] = [
    "order_id",
    "order_title",
    "your_role",
    "milestone",
    "milestone_title",
    "status",
    "amount",
    "currency",
    "created_at",
    "updated_at",
];

const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

/// The user's orders and milestones, one row per milestone.
pub fn orders_csv(user: UserId, orders: &[Order]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(BYTE_ORDER_MARK.to_vec());
    write_rows(&mut writer, user, orders).expect("writing CSV to memory cannot fail");
    writer.into_inner().expect("a Vec takes every byte")
}

fn write_rows(
    writer: &mut csv::Writer<Vec<u8>>,
    user: UserId,
    orders: &[Order],
) -> csv::Result<()> {
    writer.write_record(HEADER)?;
    for order in orders {
        let role = order.role_of(user).map_or("", |r| r.as_str());
        for m in &order.milestones {
            writer.write_record([
                order.id.0.to_string(),
                as_text(order.title.as_str()),
                role.to_string(),
                m.seq.to_string(),
                as_text(m.terms.title.as_str()),
                m.status.kind().as_str().to_string(),
                m.terms.amount.amount().to_string(),
                m.terms.amount.currency().code().to_string(),
                m.created_at.to_rfc3339(),
                m.updated_at.to_rfc3339(),
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// Someone's words as a cell a spreadsheet shows and never runs.
fn as_text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use dereja_domain::{
        Currency, Deadline, Deliverables, MilestoneTerms, Money, OrderDraft, OrderId, Origin,
        RevisionCount, Role, Title,
    };

    fn order(title: &str, milestone: &str) -> Order {
        let draft = OrderDraft::new(
            Title::new(title).unwrap(),
            Currency::ETB,
            Origin::Private,
            UserId(1),
            Role::Buyer,
            vec![MilestoneTerms {
                title: Title::new(milestone).unwrap(),
                deliverables: Deliverables::new("- one file").unwrap(),
                deadline: Deadline::after_activation(chrono::Duration::days(3)).unwrap(),
                amount: Money::from_minor(150_050, Currency::ETB).unwrap(),
                revisions: RevisionCount::new(1).unwrap(),
            }],
        )
        .unwrap();
        let now = Utc.with_ymd_and_hms(2026, 1, 3, 11, 0, 0).unwrap();
        Order::open(OrderId(7), draft, now).order
    }

    fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes).unwrap();
        let text = text
            .strip_prefix('\u{feff}')
            .expect("a byte-order mark first");
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn titles_round_trip_with_commas_quotes_and_amharic() {
        let order = order("ለካፌ \"ሰላም\" አርማ, menu; \"A, B\"", "ንድፍ");
        let bytes = orders_csv(UserId(1), std::slice::from_ref(&order));
        let rows = rows(&bytes);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0], "7");
        assert_eq!(rows[0][1], order.title.as_str());
        assert_eq!(rows[0][2], "buyer");
        assert_eq!(rows[0][4], "ንድፍ");
        assert_eq!(rows[0][6], "1500.50");
    }

    #[test]
    fn a_formula_typed_as_a_title_stays_text() {
        for formula in [
            "=HYPERLINK(\"http://x\",\"pay\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
        ] {
            let rows = rows(&orders_csv(UserId(1), &[order(formula, formula)]));
            assert_eq!(rows[0][1], format!("'{formula}"));
            assert_eq!(rows[0][4], format!("'{formula}"));
        }
    }
}
