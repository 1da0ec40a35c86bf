"""The reset as a process: accounts and roles, validation rounds, the Board's rulings and
approval, and the hash-chained decision record."""
