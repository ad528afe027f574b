-- Orleans' ADO.NET grain persistence schema for PostgreSQL (used by AdoNetGrainStorage for the
-- grains without domain rows), re-stated as a FlashSale migration.
-- Source: dotnet/orleans src/AdoNet/Orleans.Persistence.AdoNet/PostgreSQL-Persistence.sql
-- (MIT licence, (c) .NET Foundation and contributors), in its binary-payload shape (Orleans 7 and
-- later: PayloadBinary only, no JSON/XML columns): table OrleansStorage, function writetostorage and
-- the query keys WriteToStorageKey, ReadFromStorageKey, ClearStorageKey that
-- Microsoft.Orleans.Persistence.AdoNet 10.4.x calls (with @PayloadBinary and nothing else). (DeleteStorageKey, which 10.4.x asks for only
-- with DeleteStateOnClear, is not part of the PostgreSQL script; FlashSale leaves that option off.)
--
-- Version is the ETag: a write names the version it read; a mismatch leaves the row as it is and
-- returns the old version, which the provider reports as InconsistentStateException.
CREATE TABLE OrleansStorage
(
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring character varying(512) NOT NULL,
    grainidextensionstring character varying(512),
    serviceid character varying(150) NOT NULL,
    payloadbinary bytea,
    modifiedon timestamp without time zone NOT NULL,
    version integer
);

CREATE INDEX ix_orleansstorage ON orleansstorage USING btree (grainidhash, graintypehash);

CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash integer,
    _grainidn0 bigint,
    _grainidn1 bigint,
    _graintypehash integer,
    _graintypestring character varying,
    _grainidextensionstring character varying,
    _serviceid character varying,
    _grainstateversion integer,
    _payloadbinary bytea)
    RETURNS TABLE(newgrainstateversion integer)
    LANGUAGE plpgsql
AS $function$
DECLARE
    _newgrainstateversion integer := _grainstateversion;
    rowcountvar integer := 0;
BEGIN
    -- A state that was read before carries its version: update only that version.
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage
        SET
            PayloadBinary = _payloadbinary,
            ModifiedOn = (now() at time zone 'utc'),
            Version = Version + 1
        WHERE
            GrainIdHash = _grainidhash AND _grainidhash IS NOT NULL
            AND GrainTypeHash = _graintypehash AND _graintypehash IS NOT NULL
            AND GrainIdN0 = _grainidn0 AND _grainidn0 IS NOT NULL
            AND GrainIdN1 = _grainidn1 AND _grainidn1 IS NOT NULL
            AND GrainTypeString = _graintypestring AND _graintypestring IS NOT NULL
            AND ((_grainidextensionstring IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = _grainidextensionstring)
                 OR _grainidextensionstring IS NULL AND GrainIdExtensionString IS NULL)
            AND ServiceId = _serviceid AND _serviceid IS NOT NULL
            AND Version IS NOT NULL AND Version = _grainstateversion AND _grainstateversion IS NOT NULL;

        GET DIAGNOSTICS rowcountvar = ROW_COUNT;
        IF rowcountvar > 0 THEN
            _newgrainstateversion := _grainstateversion + 1;
        END IF;
    END IF;

    -- A state never read (no version): insert only when no row exists for the grain.
    IF _grainstateversion IS NULL THEN
        INSERT INTO OrleansStorage
        (
            GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
            ServiceId, PayloadBinary, ModifiedOn, Version
        )
        SELECT
            _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring, _grainidextensionstring,
            _serviceid, _payloadbinary, (now() at time zone 'utc'), 1
        WHERE NOT EXISTS
        (
            SELECT 1
            FROM OrleansStorage
            WHERE
                GrainIdHash = _grainidhash AND _grainidhash IS NOT NULL
                AND GrainTypeHash = _graintypehash AND _graintypehash IS NOT NULL
                AND GrainIdN0 = _grainidn0 AND _grainidn0 IS NOT NULL
                AND GrainIdN1 = _grainidn1 AND _grainidn1 IS NOT NULL
                AND GrainTypeString = _graintypestring AND _graintypestring IS NOT NULL
                AND ((_grainidextensionstring IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = _grainidextensionstring)
                     OR _grainidextensionstring IS NULL AND GrainIdExtensionString IS NULL)
                AND ServiceId = _serviceid AND _serviceid IS NOT NULL
        );

        GET DIAGNOSTICS rowcountvar = ROW_COUNT;
        IF rowcountvar > 0 THEN
            _newgrainstateversion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newgrainstateversion AS NewGrainStateVersion;
END
$function$;

INSERT INTO OrleansQuery(QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    select * from WriteToStorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
');

INSERT INTO OrleansQuery(QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT
        PayloadBinary,
        (now() at time zone ''utc''),
        Version
    FROM OrleansStorage
    WHERE
        GrainIdHash = @GrainIdHash
        AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
        AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
        AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
        AND GrainTypeString = @GrainTypeString AND GrainTypeString IS NOT NULL
        AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString)
             OR @GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
        AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
');

INSERT INTO OrleansQuery(QueryKey, QueryText) VALUES
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET
        PayloadBinary = NULL,
        Version = Version + 1
    WHERE
        GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
        AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
        AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
        AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
        AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
        AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString = @GrainIdExtensionString)
             OR @GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL)
        AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
        AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version AS NewGrainStateVersion
');
