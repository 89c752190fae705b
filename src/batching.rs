//! Group commit: many tasks each need a small write (a message marked sent); one of them commits everyone's
//! waiting at that moment in one transaction, so under load one durable commit serves many, and alone a task
//! pays no wait.

use std::future::Future;
use std::sync::Mutex;
use tokio::sync::oneshot;

/// Items waiting to be committed, and the turn to commit them; every item of a commit learns its outcome `R`.
pub struct GroupCommit<T, R> {
    waiting: Mutex<Vec<(T, oneshot::Sender<R>)>>,
    /// Held by the task committing; tokio's mutex is fair, so the tasks queued behind it go in arrival order.
    turn: tokio::sync::Mutex<()>,
}

impl<T, R> Default for GroupCommit<T, R> {
    fn default() -> Self {
        GroupCommit {
            waiting: Mutex::new(Vec::new()),
            turn: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T, R: Clone> GroupCommit<T, R> {
    /// Commits `item` with whatever else is waiting, through `commit`: ours may be committed by a task ahead of
    /// us, or we commit it with those that came while that task committed.
    pub async fn commit<F, Fut>(&self, item: T, commit: F) -> R
    where
        F: FnOnce(Vec<T>) -> Fut,
        Fut: Future<Output = R>,
    {
        let (done, outcome) = oneshot::channel();
        self.waiting
            .lock()
            .expect("never poisoned: nothing panics while holding it")
            .push((item, done));
        let mut outcome = outcome;
        let _turn = self.turn.lock().await;
        if let Ok(committed) = outcome.try_recv() {
            return committed;
        }
        let batch = std::mem::take(
            &mut *self
                .waiting
                .lock()
                .expect("never poisoned: nothing panics while holding it"),
        );
        let (items, waiters): (Vec<T>, Vec<_>) = batch.into_iter().unzip();
        let committed = commit(items).await;
        for waiter in waiters {
            let _ = waiter.send(committed.clone());
        }
        committed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn tasks_arriving_together_share_commits_and_each_learns_its_outcome() {
        let group = Arc::new(GroupCommit::<u32, bool>::default());
        let commits = Arc::new(AtomicUsize::new(0));
        let committed = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = (0..100)
            .map(|i| {
                let (group, commits, committed) =
                    (group.clone(), commits.clone(), committed.clone());
                tokio::spawn(async move {
                    group
                        .commit(i, |items| async move {
                            commits.fetch_add(1, Ordering::SeqCst);
                            tokio::task::yield_now().await;
                            committed.lock().unwrap().extend(items);
                            true
                        })
                        .await
                })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap());
        }
        let mut all = committed.lock().unwrap().clone();
        all.sort();
        assert_eq!(
            all,
            (0..100).collect::<Vec<_>>(),
            "each item committed once"
        );
        let commits = commits.load(Ordering::SeqCst);
        assert!(
            commits < 10,
            "{commits} commits for 100 items arriving together"
        );
    }

    /// On one thread the first task commits alone; the other nineteen queue meanwhile and go in one commit.
    #[tokio::test]
    async fn a_failed_commit_fails_every_item_in_it_and_no_other() {
        let group = Arc::new(GroupCommit::<u32, bool>::default());
        let outcomes: Vec<_> = (0..20)
            .map(|i| {
                let group = group.clone();
                tokio::spawn(async move {
                    group
                        .commit(i, |items| async move {
                            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                            !items.contains(&7)
                        })
                        .await
                })
            })
            .collect();
        let mut results = Vec::new();
        for outcome in outcomes {
            results.push(outcome.await.unwrap());
        }
        assert!(results[0], "the first commit, without the item 7");
        assert!(
            results[1..].iter().all(|ok| !ok),
            "committed with the item 7"
        );
    }
}
