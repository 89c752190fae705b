//! Who decides on money for an order as an admin (confirming a manual payment, resolving a dispute): the global
//! admins, and the administrators of a group a global admin registered as a community, for the orders started
//! there. Any other group's administrators are just people: a fresh group's owner is nobody's escrow authority.
//! (A party to the order is refused by [`crate::Order::check`] whatever these facts say.)

use crate::error::{Action, DomainError, Who};
use crate::order::Origin;

/// What is known about a person at the moment they act as an admin on an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminFacts {
    /// Configured as a global admin (`DEREJA_ADMINS`).
    pub global: bool,
    /// The order's group is a registered community.
    pub community: bool,
    /// An administrator of the order's group, as Telegram says now.
    pub group_admin: bool,
}

/// Whether the person counts as an admin of an order started at `origin`.
pub fn is_order_admin(origin: Origin, facts: AdminFacts) -> bool {
    facts.global || (matches!(origin, Origin::Group { .. }) && facts.community && facts.group_admin)
}

/// Only a global admin registers a group as a community, or switches it off.
pub fn may_switch_community(global: bool) -> Result<(), DomainError> {
    global_admin_only(global, Action::SwitchCommunity)
}

/// Only a global admin reads the figures of the whole bot (`/stats`): money held and work waiting, across every
/// community.
pub fn may_read_statistics(global: bool) -> Result<(), DomainError> {
    global_admin_only(global, Action::ReadStatistics)
}

/// Only a global admin moderates: looks people and orders up, suspends people, freezes orders, pauses new work.
pub fn may_moderate(global: bool) -> Result<(), DomainError> {
    global_admin_only(global, Action::Moderate)
}

/// Whether someone may open an order or join one: not while an admin has suspended them (`ban`, its reason), and
/// nobody while new work is paused for maintenance (`maintenance`, the admins' message). Running work goes on.
pub fn may_start_work(ban: Option<&str>, maintenance: Option<&str>) -> Result<(), DomainError> {
    if let Some(reason) = ban {
        return Err(DomainError::Banned {
            reason: reason.to_string(),
        });
    }
    if let Some(message) = maintenance {
        return Err(DomainError::Maintenance {
            message: message.to_string(),
        });
    }
    Ok(())
}

fn global_admin_only(global: bool, action: Action) -> Result<(), DomainError> {
    if global {
        Ok(())
    } else {
        Err(DomainError::NotAllowed {
            action,
            who: Who::Admin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_global_admins_moderate() {
        assert!(may_moderate(true).is_ok());
        assert_eq!(
            may_moderate(false),
            Err(DomainError::NotAllowed {
                action: Action::Moderate,
                who: Who::Admin
            })
        );
    }

    #[test]
    fn a_ban_or_maintenance_stops_new_work_and_the_ban_says_why_first() {
        assert!(may_start_work(None, None).is_ok());
        let banned = DomainError::Banned {
            reason: "fraud".into(),
        };
        assert_eq!(may_start_work(Some("fraud"), None), Err(banned.clone()));
        assert_eq!(
            may_start_work(Some("fraud"), Some("back at 6")),
            Err(banned)
        );
        assert_eq!(
            may_start_work(None, Some("back at 6")),
            Err(DomainError::Maintenance {
                message: "back at 6".into()
            })
        );
    }

    #[test]
    fn only_global_admins_and_a_registered_communitys_admins_decide() {
        let group = Origin::Group { chat_id: -100 };
        for global in [false, true] {
            for community in [false, true] {
                for group_admin in [false, true] {
                    let facts = AdminFacts {
                        global,
                        community,
                        group_admin,
                    };
                    assert_eq!(
                        is_order_admin(group, facts),
                        global || (community && group_admin),
                        "{facts:?}"
                    );
                    // A private order has no group whose admins could count.
                    assert_eq!(is_order_admin(Origin::Private, facts), global, "{facts:?}");
                }
            }
        }
    }

    #[test]
    fn only_a_global_admin_switches_communities_and_reads_the_statistics() {
        type Rule = fn(bool) -> Result<(), DomainError>;
        let rules: [(Rule, Action); 2] = [
            (may_switch_community, Action::SwitchCommunity),
            (may_read_statistics, Action::ReadStatistics),
        ];
        for (rule, action) in rules {
            assert_eq!(rule(true), Ok(()));
            assert_eq!(
                rule(false),
                Err(DomainError::NotAllowed {
                    action,
                    who: Who::Admin
                })
            );
        }
    }
}
