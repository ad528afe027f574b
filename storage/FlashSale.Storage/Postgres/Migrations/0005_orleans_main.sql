-- Orleans' ADO.NET base table for PostgreSQL, re-stated as a FlashSale migration.
-- Source: dotnet/orleans src/AdoNet/Shared/PostgreSQL-Main.sql (MIT licence, (c) .NET Foundation
-- and contributors), the shape the 10.4.x providers read.
--
-- Orleans' providers run only the queries stored here, by key: each provider reads its rows of
-- OrleansQuery when it starts (migrations 0006-0008 add them). Column and parameter names are the
-- providers' contract and must stay as they are.
CREATE TABLE OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY(QueryKey)
);
