# Dereja's messages in English. Every id here exists in locales/am/main.ftl with the same variables.
# Glossary: ../shared/GLOSSARY.md (order, milestone, buyer, seller, held funds, ...).

welcome =
    Hello { $name }! I am Dereja. I help a buyer and a seller work in milestones: each step of a job has its deliverables, a deadline and a price. The buyer's money is held for every milestone before work starts, and it goes to the seller only when the buyer approves the delivery.

    Send /neworder to start an order, or /help to see everything I can do.

help =
    What I can do:
    /neworder – start an order with its milestones (as buyer or seller)
    /orders – your orders and how far they are
    /order 12 – one order in detail, with its next step
    /board – your milestones: in progress, waiting for feedback, completed
    /chat 12 – write to the other party of order 12 (kept in the order's history)
    /progress – tell the buyer how your work is going
    /cancel – stop what you are typing now
    /language – choose English or Amharic
    /help – this list

    How it works: the other side accepts each milestone; the buyer funds it (the money is held); the seller delivers; the buyer approves (the money goes to the seller) or asks for a revision; then the next milestone starts.

language-choose = Choose your language:
language-set = From now on I will write to you in English.
language-choose-group = Choose the language the bot writes in this group (group admins only):
language-set-group = From now on I write in English in this group. Everyone still gets private messages in their own language.
language-group-admins-only = Only the group's admins can change its language.
language-name = English

## How this language writes dates and money. `meta-calendar` is `gregorian` or `ethiopian`.
meta-calendar = gregorian
format-money = { $unit } { $number }
currency-etb = ETB
format-time-gregorian = { $date }, { $time }
format-time-ethiopian = { $month } { $day }, { $year } E.C., { $period } { $hour } ({ $time }; { $gregorian })
# The part of the day an Ethiopian hour is counted in (hours run from 6 in the morning).
time-period = { $period ->
    [night] at night
    [morning] in the morning
    [noon] at midday
    [afternoon] in the afternoon
   *[evening] in the evening
}

command-start = Welcome and language
command-help = What this bot can do
command-stats = The whole bot at a glance (admins)
command-communities = The registered communities (admins)
command-find = Look up an order or a person (admins)
command-freeze = Freeze an order: nothing moves (admins)
command-unfreeze = Unfreeze an order (admins)
command-ban = Suspend a person from new orders (admins)
command-unban = Lift a suspension (admins)
command-maintenance = Pause new orders and joins (admins)
bot-description = Dereja runs a job between a buyer and a seller in milestones: each step has its deliverables, a deadline and a price. The buyer's money is held before work starts and goes to the seller only when the buyer approves. Disputes go to the community's admins. Press Start, then /neworder.
bot-short-description = Milestone payments held safely between buyer and seller, in English and Amharic.
command-language = Choose your language
command-neworder = Start a new order
command-orders = Your orders
command-order = One order in detail: /order 12
command-cancel = Stop the current step

not-understood = I did not understand that. Send /help to see what I can do.
button-stale = This button is no longer valid.
error-internal = Sorry, something went wrong on our side. Please try again later. Reference: <code>{ $reference }</code>
dialogue-cancelled = Stopped. Nothing was saved. Send /neworder to start again.

status-name = { $status ->
    [proposed] waiting for acceptance
    [changes_requested] changes requested
    [declined] declined
    [awaiting_funding] waiting for the buyer's payment
    [payment_reported] payment waiting for an admin's confirmation
    [funded] funded, waiting for its turn
    [in_progress] in progress
    [delivered] delivered, waiting for review
    [revision_requested] revision requested
    [disputed] in dispute
    [approved] approved, payment clearing
    [cleared] paid
    [refunded] refunded
    [cancelled] cancelled
   *[closed] closed
}
role-name = { $role ->
    [buyer] buyer
   *[seller] seller
}

## New order dialogue

neworder-role = New order. Are you the buyer (you pay) or the seller (you do the work)?
button-i-am-buyer = I am the buyer
button-i-am-seller = I am the seller
neworder-title =
    What is the order about? Send a short title, e.g. "Logo for my café".

    Or set up a one-milestone order in one message, one item per line: the title, what will be delivered, the deadline and the amount, e.g.:
    Logo for my café
    3 logo concepts as PNG
    7d
    1500
neworder-quick-problem = { $line ->
    [too-few] To set up the order in one message, send four lines or more: the title, what will be delivered (one item per line), the deadline and the amount.
    [title] The first line cannot be the order's title: keep it short, on one line.
    [deliverables] The lines between the title and the deadline cannot be read as what will be delivered.
    [vague] What will be delivered is too vague to check a delivery against: name each item with its format and quantity, e.g. "3 logo concepts as PNG".
    [deadline] The line before the last cannot be read as a deadline: send a duration from when work starts (7d, 2 weeks) or a date.
    [doubtful] The deadline (the line before the last) leaves less than a day, or needs a confirmation: set it step by step.
   *[amount] The last line cannot be read as the amount: send it in { $currency }, e.g. 1500.
} Send the message again, or send only the title to go step by step.
neworder-milestone-title = Milestone { $seq }: send its title, e.g. "First logo concepts".
neworder-deliverables =
    What exactly will be delivered? One item per line, with format and quantity, e.g.:
    - 3 logo concepts as PNG and SVG
    - 1 page brand sheet
neworder-deliverables-vague =
    That is hard to check at delivery time. Exact deliverables protect you both: say what, how many and in which format, one item per line, e.g.:
    - 5-page website (home, menu, about, gallery, contact) as HTML
    - 10 product photos, edited, as JPG
    - 1 article of 800 words in Word format
    Send the list again, or send the same text to keep it.
neworder-deadline = When is it due? Send a duration counted from when work starts (7d, 2 weeks, 36h) or a date (2026-12-20 or 20/12/2026; an Ethiopian date with E.C.: 15/1/2019 E.C.).
neworder-deadline-confirm = Did you mean { $at }? Press Yes, or send the deadline again.
neworder-deadline-doubt = { $reason ->
    [before-previous] { $at } is before the deadline of an earlier milestone, and milestones run one after another.
   *[short] { $at } leaves less than a day for the work.
} Are you sure? Press Yes to keep it, or send another deadline.
button-deadline-yes = Yes, that is right
neworder-amount = What does this milestone cost? Send the amount in { $currency }, e.g. 1500 or 1,500.50.
neworder-revisions = How many revisions are included in the price? Send a number from 0 to { $max }.
neworder-milestone-added = Milestone { $seq } added: <b>{ $amount }</b>. Add another one, or are you done?
neworder-template = Start from a template? It fills in each milestone's title and checklist of deliverables; you set the deadlines and amounts. Or start blank.
button-blank-order = Start blank
neworder-template-phase =
    Milestone { $seq }: { $title }
    Deliverables:
    { $deliverables }
neworder-phase-added = Milestone { $seq } added: <b>{ $amount }</b>.
button-add-milestone = Add another milestone
button-done = Done
neworder-summary = Order "{ $order }". You are the { $role }. Milestones:
neworder-summary-line = { $seq }. { $title } – <b>{ $amount }</b>, { $revisions } revisions
button-confirm = Confirm
button-edit = Edit
neworder-edit-which = Which milestone do you want to redo?
button-cancel = Cancel
neworder-created =
    Order <b>#{ $id }</b> "{ $order }" is created. Send this link to the { $other ->
        [buyer] buyer
       *[seller] seller
    }; they will see the milestones and can accept them:
    <code>{ $link }</code>
neworder-in-private = An order with { $name }: it is set up in a private chat with me. Press the button to continue there.
neworder-reply-hint = To start an order in a group, reply with /neworder to a message of the person you want to work with.
group-order-created = Order <b>#{ $id }</b> "{ $order }" was started here. Only the person it was started with can open the invitation and join.
button-open-invitation = Open the invitation
button-share-invitation = Share the invitation
share-invitation-text = You are invited to my order "{ $order }": open the link to see the milestones and join.
button-continue-private = Continue in private chat

## Orders

order-summary =
    Order <b>#{ $id }</b> "{ $order }" (started by the { $creator ->
        [buyer] buyer
       *[seller] seller
    })
milestone-summary =
    { $seq }. { $title } – { $status }
    Amount: <b>{ $amount }</b> · Deadline: { $deadline } · Revisions: { $used }/{ $included }
    Deliverables:
    { $deliverables }
deadline-at = { $at }
deadline-days = { $days ->
    [one] 1 day after work starts
   *[other] { $days } days after work starts
}
deadline-hours = { $hours } hours after work starts
orders-header = Your orders:
orders-line = <b>#{ $id }</b> { $order } { $bar } { $done }/{ $total } – { $status }
orders-page = { $from }–{ $to }, the most recent first. /order &lt;number&gt; shows any one.
button-orders-newer = ‹ Newer
button-orders-older = Older ›
orders-none = You have no orders yet. Send /neworder to start one.
order-usage = Send the order number, e.g. /order 12.
invitation = You are invited to this order as the { $role }. Read the milestones, then join.
button-join = Join the order
button-join-accept-all = Join and accept every milestone
joined = You joined order <b>#{ $id }</b>. Answer each milestone below.
joined-accepted-all = You joined order <b>#{ $id }</b> and accepted { $count ->
    [one] its milestone
   *[other] its { $count } milestones
}. Do not start the work yet: I will tell you as soon as the buyer has funded it.

## Buttons on orders

button-accept = Accept
button-decline = Decline
button-request-changes = Request changes
button-pay-telegram = Pay with Telegram
button-pay-transfer = I paid by transfer (TeleBirr, CBE)
button-confirm-payment = Confirm payment
button-reject-payment = Reject
button-deliver = Deliver
button-submit = Submit for review
button-approve = Approve and release payment
button-request-revision = Request a revision
button-cancel-milestone = Cancel this milestone
button-request-cancellation = Ask to cancel (refund)
button-agree-cancel = Agree to cancel
button-keep-going = Keep going

done-accepted = You accepted milestone { $seq }. Do not start the work yet: I will tell you as soon as the buyer has funded it.
done-declined = You declined milestone { $seq }.
done-sent = Sent.
done-payment-decided = Recorded. Both parties are told.
done-cancellation-requested = The other party is asked to agree to the cancellation.

prompt-changes-note = What should change? Send one message.
prompt-payment-reference = Send the transfer reference (e.g. the TeleBirr or CBE transaction number). An admin will check it.
prompt-revision-feedback = What should the seller change? Send clear feedback in one message.
prompt-delivery = Send the work for milestone { $seq }: files, photos, links or text, in as many messages as you need. Then press "Submit for review".
delivery-added =
    Added ({ $count } so far):
    { $items }
    Send more, or submit.

invoice-title = Milestone { $seq }
invoice-description = { $order }: { $title }
payment-not-applied = Your payment arrived but could not be applied to the milestone (it changed meanwhile). It is owed back to you, and you will be told when it is sent; keep this message.

## Notices

notice-joined = The other party joined order <b>#{ $id }</b> "{ $order }".
notice-proposal = New milestone { $seq } proposed in order <b>#{ $id }</b> "{ $order }": { $title }. Do you accept it?
notice-proposal-revised = Milestone { $seq } "{ $title }" of order <b>#{ $id }</b> was revised: <b>{ $amount }</b>. Do you accept it now?
button-revise-terms = Revise the terms
done-revised = Revised. The other party is asked to answer again.
notice-accepted = Milestone { $seq } "{ $title }" of order <b>#{ $id }</b> was accepted.
notice-fund-please = Milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) is agreed. Pay <b>{ $amount }</b> to start it; the money is held until you approve the work.
notice-declined = Milestone { $seq } "{ $title }" of order <b>#{ $id }</b> was declined.
notice-changes-requested =
    Changes were requested for milestone { $seq } "{ $title }" (order <b>#{ $id }</b>):
    { $note }
notice-payment-reported =
    Payment to confirm: order <b>#{ $id }</b> "{ $order }", milestone { $seq } "{ $title }", <b>{ $amount }</b>.
    Reference: <code>{ $reference }</code>
notice-payment-waiting = Thank you. An admin will confirm your payment for milestone { $seq } (order <b>#{ $id }</b>).
notice-payment-rejected = The admins could not confirm your payment for milestone { $seq } (order <b>#{ $id }</b>). Check the reference and try again.
notice-funded = <b>{ $amount }</b> for milestone { $seq } "{ $title }" is held. It goes to the seller only when you approve the work.
notice-funded-waiting = Milestone { $seq } "{ $title }" is funded (<b>{ $amount }</b>). Do not start it yet: it starts when the previous milestone is approved.
notice-start-now =
    You can start now: milestone { $seq } "{ $title }" of order <b>#{ $id }</b> is funded.
    Due: { $due }
    Deliverables:
    { $deliverables }
notice-started = Work on milestone { $seq } "{ $title }" has started. Due: { $due }.
notice-delivered =
    Milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) was delivered for your review.
    { $message }
    Files: { $files }
    Agreed deliverables:
    { $items }
    Check every deliverable and tick what you received (the buttons below), then approve or request a revision. Without an answer it is approved automatically on { $auto }.
notice-delivered-words-below = (The seller’s message is under the files below.)
delivery-caption = <b>From the seller:</b> { $message }
notice-submitted = Submitted for review. If the buyer does not answer, it is approved automatically on { $auto }.
notice-revision-requested =
    A revision was requested for milestone { $seq } "{ $title }" ({ $used } of { $included } revisions used):
    { $feedback }
notice-approved-seller = Milestone { $seq } "{ $title }" was approved: <b>{ $amount }</b> is yours. It becomes available on { $clears }.
notice-approved-buyer = You approved milestone { $seq } "{ $title }": <b>{ $amount }</b> was released to the seller.
notice-cleared = <b>{ $amount }</b> from milestone { $seq } "{ $title }" is now available.
notice-cancel-requested = The other party asks to cancel milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) and refund the buyer. Do you agree?
notice-cancel-rejected = The other party wants to continue milestone { $seq } "{ $title }"; it is not cancelled.
notice-cancelled = Milestone { $seq } "{ $title }" of order <b>#{ $id }</b> was cancelled.
notice-cancelled-refunded = Milestone { $seq } "{ $title }" of order <b>#{ $id }</b> was cancelled; <b>{ $amount }</b> goes back to the buyer.
notice-order-completed = Order <b>#{ $id }</b> "{ $order }" is complete. Thank you! How was it to work with the other party? Rate them:
notice-unreachable = I cannot write to the other party of order <b>#{ $id }</b>: they have not started a chat with me, or blocked me. Please ask them to open this link: <code>{ $link }</code>
notice-order-closed = Order <b>#{ $id }</b> "{ $order }" is closed.

# A party the bot cannot reach privately is pointed to the private chat from the group; the update itself stays private.
group-open-private = { $name }, please open a private chat with me to see an update on order <b>#{ $id }</b>: <code>{ $link }</code>
group-joined = Order "{ $order }": both parties are in.
group-started = Order "{ $order }": milestone { $seq } "{ $title }" has started.
group-delivered = Order "{ $order }": milestone { $seq } "{ $title }" was delivered.
group-approved = Order "{ $order }": milestone { $seq } "{ $title }" was approved.
group-completed = Order "{ $order }" is complete.

## Refusals

error-not-allowed = { $who ->
    [buyer] Only the buyer can do this.
    [seller] Only the seller can do this.
    [party] Only the buyer and the seller of this order can do this.
    [counterparty] Only the other party can answer this proposal.
    [proposer] Only the one who proposed this milestone can change it.
    [dispute-opener] Only the one who opened the dispute can withdraw it.
    [other-party] The other party has to answer this.
    [admin] Only a community admin who is not part of this order can do this.
    [newcomer] Open the invitation link to join this order.
    [invitee] This order was started with someone else; only they can join it.
   *[system] This happens automatically.
}
error-not-started = Do not start yet: milestone { $seq } is not funded and active, so its work is not protected. I will tell you as soon as it is.
error-stale = Milestone { $seq } is now "{ $status }": that step is no longer possible.
error-not-found = I cannot find that order.
error-same-party = You cannot be both the buyer and the seller of one order.
error-order-full = This order already has a buyer and a seller.
error-no-milestones = An order needs at least one milestone.
error-too-many-milestones = An order can have at most { $max } milestones.
error-revisions-exhausted = All { $included } included revisions are used. Approve the work, or ask the seller for one more.
error-currency = This order is in { $currency }.
error-deadline-not-later = The new deadline must be after the current one ({ $at }) and in the future.
error-not-due = That is not due before { $at }.
error-invalid-split = A split gives each side a part: more than zero and less than the whole amount.
error-cancel-pending = A cancellation is already waiting for an answer.
error-no-cancel-request = Nobody asked to cancel this milestone.
error-invitation-unknown = This invitation link is not valid. Ask for a new one.
error-payments-off = Paying through Telegram is not set up here. Use a transfer instead.
error-payment-stale = This invoice is no longer valid.
error-payment-amount = This invoice does not match the milestone any more. Ask for a new one.
error-text-expected = Please send text.
error-text-empty = That was empty. Please send some text.
error-text-too-long = That is too long: at most { $max } characters.
error-revisions = Send a whole number from 0 to { $max }.
error-deadline = { $reason ->
    [past] That date is already past. Send a later date, or a duration like 7d.
    [range] A deadline must be between one hour and { $max } days away.
   *[not-understood] I could not read that deadline. Send a duration (7d, 2 weeks, 36h) or a date (2026-12-20, 20/12/2026, or an Ethiopian date: 15/1/2019 E.C.).
}
error-amount = { $reason ->
    [empty] Please send an amount.
    [decimal-comma] Use a dot for decimals, e.g. 1500.50 or 1.5k (a comma only separates thousands: 1,500).
    [negative] The amount cannot be negative.
    [zero] The amount must be more than zero.
    [too-many-decimals] At most { $max } decimal places.
    [too-large] That is too large: at most { $max }.
    [unknown-currency] I do not know that currency.
    [currency-mismatch] That is a different currency.
    [ethiopic-numerals] Please write the amount with the digits 0-9, e.g. 1500 (Ethiopic numerals cannot show cents).
   *[not-a-number] That is not an amount. Send digits, e.g. 1500 or 1,500.50.
}
error-delivery-item = Send text, a link, a file, a photo, a video or audio.
error-delivery-too-big = That is more than one delivery can hold. Submit what you have, or /cancel and start again.

## Add-ons and cancelling an order

button-propose = Propose another milestone
button-cancel-order = Cancel the whole order
done-proposed = Proposed. The other party will accept or decline it.
error-nothing-to-cancel = There is nothing left to cancel in this order.
button-show-order = Open the order

## Reviews

button-stars = { $stars ->
    [1] ★
    [2] ★★
    [3] ★★★
    [4] ★★★★
   *[5] ★★★★★
}
done-reviewed = Thank you: { $stars } of 5 stars. Add a few words about the work (they help others choose), or press Skip.
done-review-saved = Thank you, your review is saved.
error-not-completed = The order is not complete yet.
error-already-reviewed = You already rated this order.
error-out-of-range = Send a number from { $min } to { $max }.

## Extra revisions

button-ask-extra-revision = Ask the seller for one more
button-grant-revision = Grant one more revision
notice-extra-revision-asked = The buyer asks for one more revision of milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) beyond those included. You may grant it; the price stays the same.
notice-revision-granted = The seller granted one more revision for milestone { $seq } "{ $title }". You can request it now.

## Reminders (the scheduler)
reminder-deadline-soon = Reminder: milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) is due on { $due }.
reminder-deadline-passed = The deadline of milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) passed on { $due }. Deliver what you have, or ask the buyer for more time.
reminder-deadline-missed = The seller has not delivered milestone { $seq } "{ $title }" (order <b>#{ $id }</b>); the deadline was { $due }. What would you like to do?
button-extend-deadline = Give more time
button-keep-waiting = Keep waiting
button-open-dispute = Open a dispute
reminder-proposal-waiting = Milestone { $seq } "{ $title }" of order <b>#{ $id }</b> is waiting for your answer: accept it, decline it or ask for changes.
reminder-invited = You were invited to order <b>#{ $id }</b> "{ $order }". Open the invitation to read it and join: <code>{ $link }</code>
reminder-invitation-waiting = Nobody has joined order <b>#{ $id }</b> "{ $order }" yet. Send the invitation link again: <code>{ $link }</code>
reminder-funding-waiting = Milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) is agreed and waits for your payment of <b>{ $amount }</b>. Work starts once it is funded.
reminder-review-waiting = Milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) waits for your review. Without an answer it is approved automatically on { $auto } and the payment is released.
notice-auto-approved-seller = Milestone { $seq } "{ $title }" was approved automatically (the buyer did not answer in time): <b>{ $amount }</b> is yours. It becomes available on { $clears }.
notice-auto-approved-buyer = Milestone { $seq } "{ $title }" was approved automatically because you did not answer in time: <b>{ $amount }</b> was released to the seller.
notice-deadline-extended = The buyer gave you more time for milestone { $seq } "{ $title }" (order <b>#{ $id }</b>): the new deadline is { $due }.
notice-dispute-opened = A dispute was opened on milestone { $seq } "{ $title }" (order <b>#{ $id }</b>): { $reason }. The admins will look at it; deadlines and automatic approval are paused.
prompt-new-deadline = Until when? Send a duration from now (3d, 36h) or a date (2026-12-20).
prompt-dispute-reason = What went wrong? Describe it in one message; the admins will read it.
done-keep-waiting = All right. I will keep reminding the seller.
done-deadline-extended = Done: the new deadline is { $due }. The seller has been told.
digest =
    Waiting for the admins:
    { $items }
digest-dispute = • A dispute open since { $since }: order <b>#{ $id }</b>, milestone { $seq }
digest-payment = • A payment to confirm since { $since }: order <b>#{ $id }</b>, milestone { $seq }

## Disputes
profile =
    { $name } · in Dereja since { $since }
    Rating: { $rating } · completed milestones: { $completed } · delivered on time: { $ontime }
    Disputes opened: { $opened }, lost: { $lost } · cancellations: { $cancelled }{ $flag }
profile-rating = { $stars } ★ ({ $count })
profile-no-rating = not rated yet
profile-on-time = { $percent }% of { $count }
profile-no-deliveries = no deliveries yet
profile-flag = {" "}⚠ lost several disputes
profile-unknown = not known to the bot yet
history-line = { $at } · { $who } · { $what }
history-admin = admin
history-system = Dereja
event-name = { $kind ->
    [order_opened] opened the order
    [party_joined] joined the order
    [milestone_proposed] proposed milestone { $seq }
    [proposal_revised] revised milestone { $seq }
    [proposal_accepted] accepted milestone { $seq }
    [proposal_declined] declined milestone { $seq }
    [changes_requested] asked for changes to milestone { $seq }
    [payment_reported] reported a transfer for milestone { $seq }
    [payment_rejected] rejected the transfer for milestone { $seq }
    [funded] funded milestone { $seq }
    [started] started milestone { $seq }
    [delivered] delivered milestone { $seq }
    [revision_requested] asked for a revision of milestone { $seq }
    [approved] approved milestone { $seq }
    [cleared] made milestone { $seq }'s payment available
    [dispute_opened] opened a dispute on milestone { $seq }
    [dispute_withdrawn] withdrew the dispute on milestone { $seq }
    [dispute_resolved] resolved the dispute on milestone { $seq }
    [dispute_message] wrote in the dispute on milestone { $seq }
    [cancellation_requested] asked to cancel milestone { $seq }
    [cancellation_rejected] refused to cancel milestone { $seq }
    [cancelled] cancelled milestone { $seq }
    [order_closed] closed the order
    [reviewed] left a review
    [extra_revision_asked] asked for an extra revision of milestone { $seq }
    [revision_granted] granted an extra revision of milestone { $seq }
    [deadline_extended] extended the deadline of milestone { $seq }
    [item_ticked] ticked an item of milestone { $seq }
    [chat_message] wrote
    [progress_posted] posted progress on milestone { $seq }
    [frozen] froze the order
    [unfrozen] unfroze the order
    [party_banned] recorded a suspension of a party
   *[other] { $kind }
}
dispute-dossier =
    ⚖️ Dispute on order <b>#{ $id }</b> "{ $order }", milestone { $seq } "{ $title }" (<b>{ $amount }</b>), opened by the { $role }:
    { $reason }

    History:
    { $history }

    { $buyer }

    { $seller }
dossier-party = The { $role }: { $profile }
button-release = Release to the seller
button-refund = Refund the buyer
button-split = Split
button-ask-buyer = Ask the buyer
button-ask-seller = Ask the seller
button-show-dispute = Review the dispute (admins)
button-withdraw-dispute = Withdraw my dispute
button-reply = Reply
button-skip = Skip
group-dispute = Order "{ $order }": a dispute was opened on milestone { $seq }. The group's admins can review and resolve it.
resolution-release = <b>{ $amount }</b> is released to the seller.
resolution-refund = <b>{ $amount }</b> is refunded to the buyer.
resolution-split = { $seller } goes to the seller and { $buyer } back to the buyer.
resolution-note = {" "}Admin's note: { $note }
notice-dispute-message = Order <b>#{ $id }</b>, milestone { $seq } "{ $title }": the { $party ->
        [buyer] buyer
       *[seller] seller
    } adds: { $note }
notice-admin-question = An admin asks about milestone { $seq } "{ $title }" (order <b>#{ $id }</b>): { $note }
notice-dispute-withdrawn = { $party ->
        [buyer] The buyer
       *[seller] The seller
    } withdrew the dispute on milestone { $seq } "{ $title }" (order <b>#{ $id }</b>); the work continues where it stopped.
notice-dispute-resolved = The dispute on milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) is resolved: { $outcome }{ $note }
prompt-split-share = How much goes to the seller? Send an amount (e.g. 900) or a percentage (e.g. 60%). The buyer gets the rest of <b>{ $amount }</b>.
prompt-resolution-note = Add a note for both parties (why you decided so), or press Skip.
prompt-admin-question = What do you want to ask the { $party ->
        [buyer] buyer
       *[seller] seller
    }? Send one message.
prompt-dispute-evidence = Your dispute is open and the admins have been told; deadlines and automatic approval are paused. Send any evidence now (photos, files or text, as many messages as you need), then press Done.
prompt-dispute-reply = Send your answer (text, photos or files), then press Done.
done-evidence-sent = Sent to the admins. Send more, or press Done.
done-evidence = Thank you. The admins will decide and you will be told.
done-dispute-withdrawn = You withdrew the dispute; the work continues where it stopped.
done-dispute-resolved = Resolved. Both parties have been told.
error-split-share = Send an amount more than 0 and less than <b>{ $amount }</b>, or a percentage such as 60%.

## Payouts and withdrawals
command-balance = Your balance: pending, available, paid out
command-withdraw = Withdraw available money
command-payout = Where you are paid (TeleBirr, CBE, bank)
payout-method = { $code ->
    [telebirr] TeleBirr
    [cbe] CBE (Commercial Bank of Ethiopia)
    [bank] bank transfer
   *[other] { $code }
}
payout-destination = { $method }: <code>{ $account }</code>
payout-current = Now: { $method }, <code>{ $account }</code>.
payout-none = You have not set a payout method yet.
payout-choose =
    { $current }
    How do you want to be paid? Approved money becomes available after the method's clearing period.
button-payout-method = { $method } (available after { $days } days)
prompt-payout-account = Your { $method } account: send the phone number or account number, and the name on it.
done-payout-set = Saved: you are paid by { $method } to <code>{ $account }</code>.
balance =
    Pending (clearing):
    { $pending }
    Available: <b>{ $available }</b>
    Being withdrawn: { $withdrawing }
    Paid out: { $paid }
balance-none = You have no earnings yet.
balance-pending-line = • <b>{ $amount }</b>, available on { $at }
balance-nothing-pending = • nothing
prompt-withdraw-amount = Available: <b>{ $available }</b>. How much do you want to withdraw to { $method } (<code>{ $account }</code>)? Send the amount.
confirm-withdrawal = Withdraw <b>{ $amount }</b> to { $method } (<code>{ $account }</code>)? Check the account: money sent to a wrong account cannot be brought back.
done-withdrawal-requested = Requested: <b>{ $amount }</b> to { $destination }. An admin will send it and tell you.
admin-withdrawal-requested =
    Withdrawal <b>#{ $id }</b>: <b>{ $amount }</b> for user { $user } to { $destination }. Send it, then press Paid and give the transfer reference.
    From:
    { $sources }
withdrawal-source-telegram = • order <b>#{ $id }</b>, milestone { $seq }: <b>{ $amount }</b>, paid through Telegram (charge <code>{ $charge }</code>)
withdrawal-source-transfer = • order <b>#{ $id }</b>, milestone { $seq }: <b>{ $amount }</b>, transfer <code>{ $reference }</code> confirmed by admin { $admin }
button-withdrawal-paid = Paid
button-withdrawal-reject = Reject
prompt-withdrawal-reference = The transfer reference (for the seller and the records):
prompt-withdrawal-reason = Why is it rejected? The seller will read this.
notice-withdrawal-paid = <b>{ $amount }</b> was sent to { $destination }. Reference: <code>{ $reference }</code>.
notice-withdrawal-rejected = Your withdrawal of <b>{ $amount }</b> was not paid: { $reason }. The money is available again.
error-insufficient-balance = That is more than your available balance (<b>{ $amount }</b>).
error-already-decided = This was already decided.
error-reference-used = That payment reference was already used. Send the reference of this transfer.
error-no-payout-method = Set where you are paid first: /payout
digest-withdrawal = • A withdrawal waiting since { $since }: <b>#{ $id }</b>

## Records
command-profile = Your record: rating, completed milestones, disputes
command-history = The history of an order: /history 12
command-export = Your orders and milestones as a CSV file
history-usage = Send the order's number, e.g. /history 12.
history-header = History of order <b>#{ $id }</b> "{ $order }":
export-caption = Your { $count ->
    [one] order
   *[other] { $count } orders
} with every milestone (CSV: opens in any spreadsheet).
button-show-profile = The other party's profile
command-dispute = Open a dispute on an order: /dispute 12
dispute-usage = Send the order's number, e.g. /dispute 12.
error-nothing-to-dispute = Nothing in this order can be disputed now.
confirm-approval =
    Release <b>{ $amount }</b> to { $seller } for milestone { $seq } "{ $title }"?
    Did you check every deliverable?
    { $items }
    This cannot be undone.
button-release-confirm = Yes, release the payment
button-keep-reviewing = Not yet
done-keep-reviewing = Nothing was released. Take your time; approve or request a revision when you are ready.
command-board = Your milestones: in progress, waiting for feedback, completed
board-column = { $column ->
    [in-progress] 🔨 In progress
    [waiting] ⏳ Waiting for feedback
   *[completed] ✅ Completed
}
board-line = • <b>#{ $id }</b>/{ $seq } "{ $title }", <b>{ $amount }</b>{ $due }: { $next }
board-due = , due { $at }
board-empty = • none
board-next = { $step ->
    [fund] fund it to start the work
    [deliver] deliver it
    [review] review the delivery: approve or request a revision
    [answer] answer the proposal
    [revise] revise the proposal
    [wait-admin] an admin is looking at it
    [nothing] done
   *[wait-other] the other party is next
}

## Coaching: checklist, on-record chat, progress, revisions, add-ons

# A button labelled with words that are not ours to translate: a template's name, a milestone's title.
button-label = { $label }
button-check-item = { $ticked ->
    [yes] ✅
   *[no] ⬜
} { $item }
notice-revision-requested-items =
    A revision was requested for milestone { $seq } "{ $title }" ({ $used } of { $included } revisions used).
    Not accepted yet:
    { $items }
    The buyer's feedback:
    { $feedback }
prompt-revision-feedback-items =
    The revision request will name what you did not tick:
    { $items }
    What should the seller change? Send clear feedback in one message.
button-post-progress = Post a progress note
button-propose-addon = Offer an add-on (maintenance, extra revisions, upgrade)
button-chat = Message the other party
button-leave-chat = Leave the chat
chat-usage = Send the order's number, e.g. /chat 12.
chat-started =
    You are now writing to the { $other ->
        [buyer] buyer
       *[seller] seller
    } of order <b>#{ $id }</b> "{ $order }". Everything you send (text, photos, files) goes to them and is kept in the order's history, where admins can read it in a dispute.
    Press "Leave the chat" or send /cancel to stop.
chat-left = You left the chat. Messages you send now are not passed on.
chat-contact-warning = A reminder: deals made outside the order (by phone, email or another messenger) are not protected. Only money funded through the order is held and released on approval, and only what is said here counts in a dispute.
error-chat-unsupported = I can pass on text, photos, videos, voice messages and files.
error-no-other-party = Nobody has joined this order yet. Share the invitation link first.
notice-chat =
    💬 { $party ->
        [buyer] The buyer
       *[seller] The seller
    } of order <b>#{ $id }</b> "{ $order }" writes:
    { $message }
notice-progress =
    📈 Progress on milestone { $seq } "{ $title }" (order <b>#{ $id }</b>):
    { $note }
progress-none = You have no milestone in progress as a seller. Progress notes are for work that has started.
progress-which = Which milestone is the note about?
prompt-progress = How is milestone { $seq } going? Send a short note for the buyer: what is done, what comes next.
done-progress = Sent to the buyer, and kept in the order's history.
reminder-progress-quiet = How is milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) going? A short progress note keeps the buyer confident. Due: { $due }.
reminder-revision-waiting = The buyer asked for a revision of milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) on { $asked }. Please deliver the revised work, or write to the buyer when to expect it.
reminder-revision-late = The seller has not answered your revision request for milestone { $seq } "{ $title }" (order <b>#{ $id }</b>) of { $asked }. What would you like to do?
history-line-said = { $at } · { $who } · { $what }: "{ $text }"
command-chat = Write to the other party of an order: /chat 12
command-progress = Tell the buyer how your work is going
private-only = That is between you and me: send it in a private chat with me, so nothing private is posted in this group.
history-earlier = … { $count ->
    [one] 1 earlier event
   *[other] { $count } earlier events
}: /history { $id }

# Communities: groups a global admin registered; their admins decide on money for orders started there.
community-usage = In a group: /community on registers it as a community (its admins then confirm payments and resolve disputes of the orders started there); /community off ends that. Only the bot's admins can do this.
community-on = This group is now a community: its admins confirm payments and resolve disputes of the orders started here.
community-off = This group is no longer a community: payments and disputes of its orders are decided by the bot's admins.
communities-list =
    Registered communities:
    { $items }
communities-line = • { $chat }
stats =
    📊 Dereja now
    Milestones by status:
    { $milestones }
    Held for milestones:
    { $held }
    Transfers to confirm: { $to_confirm }
    Withdrawals waiting: { $withdrawals } · Refunds waiting: { $refunds }
    Telegram payments not yet applied: { $unsettled }
    Open disputes: { $disputes }
    People active this week: { $active }
stats-line = • { $what }: { $count }
stats-held = • <b>{ $amount }</b>
order-frozen = ⏸ An admin froze this order while they look into it: { $reason }. Nothing can be done on it until it is unfrozen; the money stays held.
error-frozen = This order is frozen by an admin while they look into it: nothing can be done on it until it is unfrozen. The money stays held.
error-not-frozen = This order is not frozen.
error-banned = An admin suspended you from opening and joining orders: { $reason }. Your running orders go on. If you think this is a mistake, ask an admin.
error-maintenance = New orders and joins are paused for maintenance: { $message } Your running orders go on as usual.
error-person-unknown = I do not know that person: they must have written to me at least once. Try their Telegram user id.
error-not-banned = { $name } is not suspended.
usage-find = Send /find with an order number (/find 12), a @username or a Telegram user id.
usage-ban = Send /ban with the person (@username or user id) and the reason, e.g. /ban @kebede took a payment and stopped answering
usage-unban = Send /unban with the person, e.g. /unban @kebede
usage-freeze = Send /freeze with the order number and the reason, e.g. /freeze 12 reported as fraud
usage-unfreeze = Send /unfreeze with the order number, e.g. /unfreeze 12
usage-maintenance = Send /maintenance on with the message people will read, e.g. /maintenance on Back at 18:00, or /maintenance off.
done-banned = { $name } is suspended: they cannot open or join orders. { $count ->
    [0] They have no open orders.
   *[other] Their open orders, to look at: { $orders }
}
done-unbanned = { $name } may open and join orders again.
done-frozen = Order <b>#{ $id }</b> is frozen: no money moves and no timer runs until /unfreeze { $id }. Both parties were told.
done-unfrozen = Order <b>#{ $id }</b> is unfrozen: it goes on from where it stood.
done-maintenance-on = New orders and joins are paused. People who try read: { $message }
done-maintenance-off = New orders and joins are open again.
notice-order-frozen = ⏸ An admin froze order <b>#{ $id }</b> "{ $order }" while they look into it: { $reason }. Nothing moves until it is unfrozen; the money stays held.
notice-order-unfrozen = ▶️ Order <b>#{ $id }</b> "{ $order }" is unfrozen: you can carry on where you left off.
find-order = Order <b>#{ $id }</b>. Buyer: { $buyer }. Seller: { $seller }. { $frozen }
find-frozen = Frozen: { $reason }
find-person =
    👤 { $name } (user id { $user }) { $username }
    { $status }
    { $record }
    Latest orders:
    { $orders }
find-banned = Suspended: { $reason }
find-not-banned = Not suspended.
find-no-orders = none yet
communities-none = No group is registered as a community yet.
group-not-community = This group is not a registered community, so payments and disputes of the orders started here are decided by the bot's admins.

# Refunds: money owed back to a buyer is paid by an admin, like a withdrawal.
admin-refund-requested = Refund <b>#{ $id }</b>: pay back <b>{ $amount }</b> to buyer { $user } at { $destination }. Send it, then press Paid and give the transfer reference.
notice-refund-requested = <b>{ $amount }</b> is being paid back to you at { $destination }. An admin sends it and will tell you.
notice-refund-owed = <b>{ $amount }</b> is owed back to you. Tell me where to send it: /payout
notice-refund-paid = <b>{ $amount }</b> was paid back to { $destination }. Reference: <code>{ $reference }</code>.
notice-refund-rejected = Your refund of <b>{ $amount }</b> was not paid yet: { $reason }. It is still owed to you: check where you are paid with /payout, and it is asked for again.
balance-refunds =
    Owed back to you: { $owed }
    Being paid back: { $paying }
admin-payment-not-applied = A Telegram payment of <b>{ $amount }</b> for milestone { $seq } of order <b>#{ $id }</b> arrived after the milestone changed. It is owed back to the buyer as a refund (charge <code>{ $charge }</code>).
digest-update-failed = • A message or button press (update { $update }) could not be handled after several attempts: see the bot's log for that update id.
digest-payment-unsettled = • A Telegram payment received { $since } and not yet applied or owed back: charge <code>{ $charge }</code>

# The playground's page (`dereja playground`): its own words around the chats. `{ $name }`, `{ $time }` and
# `{ $amount }` are filled in by the page.
playground-title = Dereja playground
playground-about = The real bot, with a pretend Telegram: type and press as each person. Nothing here reaches Telegram.
playground-page-language = Language of this page
playground-clock = Bot's clock:
playground-clock-time = { $time } (Addis Ababa)
playground-clock-moved = The clock moved: { $time }
playground-later-hour = +1 hour
playground-later-day = +1 day
playground-later-days = +3 days
playground-reset = Reset
playground-open-as = Open this link as:
playground-cancel = Cancel
playground-ok = OK
playground-no-answer = The playground does not answer
playground-tap-to-copy = Tap to copy
playground-copied = Copied
playground-pay = Pay { $amount }
playground-paid = { $name } paid the invoice
playground-typing = typing…
playground-sending-file = sending a file…
playground-compose = Message or /command
playground-send = Send
playground-attach = Attach file
playground-telegram-language-of = Telegram language of { $name }
playground-telegram-language = Telegram language: { $language }
playground-who-acts = Who writes and presses in the group
playground-as = as { $name }
playground-group = Community group
