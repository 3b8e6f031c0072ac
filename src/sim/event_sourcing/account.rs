//! The bank account of the guide, event-sourced: commands are checked against the state
//! folded from past events, and only events are ever stored. A balance is never written,
//! only derived: 0 + 200 − 50 = 150.

use super::store::{Currency, Event, EventBody};
use crate::sim::packed::Pack;
use crate::sim::varint;

/// How many units one account may hold at most; deposits beyond it are refused.
pub const MAX_BALANCE: u64 = 1_000_000_000;

/// An account as folded from its events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Account {
    /// Whether `AccountCreated` has been seen.
    pub open: bool,
    /// The balance, in whole units.
    pub balance: u64,
    /// Events folded into this account: its stream version.
    pub version: u32,
}

// An account packs on its own, not as a difference: a snapshot's neighbours are unrelated.
impl Pack for Account {
    #[inline]
    fn pack(&self, _before: &Self, out: &mut Vec<u8>) {
        varint::push(out, (u64::from(self.version) << 1) | u64::from(self.open));
        varint::push(out, self.balance);
    }

    fn unpack(_before: &Self, bytes: &[u8], at: &mut usize) -> Option<Self> {
        let word = varint::read(bytes, at)?;
        Some(Self {
            open: word & 1 == 1,
            version: u32::try_from(word >> 1).ok()?,
            balance: varint::read(bytes, at)?,
        })
    }
}

/// A command from a client. Each names the stream version it read (optimistic concurrency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Open the account.
    Open,
    /// Put money in.
    Deposit(u32),
    /// Take money out; refused if it would overdraw.
    Withdraw(u32),
}

/// Why a command produced no event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Opening an account that is already open.
    AlreadyOpen,
    /// Depositing into or withdrawing from an account that is not open.
    NotOpen,
    /// The withdrawal is larger than the balance.
    InsufficientFunds,
    /// The deposit would take the balance past [`MAX_BALANCE`].
    TooLarge,
}

/// Decides what a command means for an account: the event to append, or why not.
/// `schema` is the deposit schema the writer uses (1 or 2).
pub fn decide(account: &Account, command: Command, schema: u8) -> Result<EventBody, Refusal> {
    match (command, account.open) {
        (Command::Open, false) => Ok(EventBody::AccountCreated),
        (Command::Open, true) => Err(Refusal::AlreadyOpen),
        (_, false) => Err(Refusal::NotOpen),
        (Command::Deposit(amount), true) => {
            if account.balance + u64::from(amount) > MAX_BALANCE {
                Err(Refusal::TooLarge)
            } else if schema >= 2 {
                Ok(EventBody::MoneyDepositedV2 {
                    amount,
                    currency: Currency::Eur,
                })
            } else {
                Ok(EventBody::MoneyDepositedV1 { amount })
            }
        }
        (Command::Withdraw(amount), true) => {
            if u64::from(amount) > account.balance {
                Err(Refusal::InsufficientFunds)
            } else {
                Ok(EventBody::MoneyWithdrawn { amount })
            }
        }
    }
}

/// A rebuild stopped at an event the reader cannot understand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldError {
    /// Where in the log.
    pub offset: u64,
    /// The event's type name.
    pub name: &'static str,
    /// The schema version it was written with.
    pub schema: u8,
    /// The schema version the reader expects.
    pub reader: u8,
}

impl std::fmt::Display for FoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot read {} v{} at offset {}: this reader understands v{} only, and no upcaster is installed",
            self.name, self.schema, self.offset, self.reader
        )
    }
}

/// Rewrites an old event into the current schema: a v1 deposit becomes a v2 deposit in euros.
pub fn upcast(body: EventBody) -> EventBody {
    match body {
        EventBody::MoneyDepositedV1 { amount } => EventBody::MoneyDepositedV2 {
            amount,
            currency: Currency::Eur,
        },
        other => other,
    }
}

/// How a reader folds events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reader {
    /// The deposit schema this reader's code understands.
    pub schema: u8,
    /// Whether old events are upcast before folding.
    pub upcaster: bool,
}

impl Reader {
    /// Folds one event into `accounts` (indexed by stream id; grown as streams appear).
    pub fn apply(
        &self,
        accounts: &mut Vec<Account>,
        offset: u64,
        event: &Event,
    ) -> Result<(), FoldError> {
        let body = if self.upcaster && event.body.schema() < self.schema {
            upcast(event.body)
        } else {
            event.body
        };
        if body.schema() != self.schema
            && matches!(
                body,
                EventBody::MoneyDepositedV1 { .. } | EventBody::MoneyDepositedV2 { .. }
            )
        {
            return Err(FoldError {
                offset,
                name: body.name(),
                schema: event.body.schema(),
                reader: self.schema,
            });
        }
        let index = event.stream as usize;
        if index >= accounts.len() {
            accounts.resize(index + 1, Account::default());
        }
        let account = &mut accounts[index];
        match body {
            EventBody::AccountCreated => {
                account.open = true;
                account.balance = 0;
            }
            EventBody::MoneyDepositedV1 { amount } | EventBody::MoneyDepositedV2 { amount, .. } => {
                account.balance += u64::from(amount);
            }
            EventBody::MoneyWithdrawn { amount } => {
                // The decision refused overdrafts; a stored event cannot be refused, only read.
                account.balance = account.balance.saturating_sub(u64::from(amount));
            }
        }
        account.version += 1;
        Ok(())
    }
}
