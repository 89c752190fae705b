# Dereja's messages in English. Every id here exists in locales/am/main.ftl with the same variables.
# Glossary: ../shared/GLOSSARY.md (order, milestone, buyer, seller, held funds, ...).

welcome =
    Hello { $name }! I am Dereja. I help a buyer and a seller work in milestones: each step of a job has its
    deliverables, a deadline and a price. The buyer's money is held for every milestone before work starts, and
    it goes to the seller only when the buyer approves the delivery.

    Send /help to see what I can do.

help =
    What I can do:
    /start – welcome and language
    /language – choose English or Amharic
    /help – this list

    Orders, milestones, payments and disputes are coming in the next version.

language-choose = Choose your language:
language-set = From now on I will write to you in English.
language-name = English

command-start = Welcome and language
command-help = What this bot can do
command-language = Choose your language

not-understood = I did not understand that. Send /help to see what I can do.
button-stale = This button is no longer valid.
error-internal = Sorry, something went wrong on our side. Please try again later. Reference: { $reference }
