using StackExchange.Redis;

namespace FlashSale.Silo.Redis;

/// <summary>Redis names and the Lua script of the room event fan-out.</summary>
internal static class RoomEventScripts
{
    /// <summary>Between the ASCII sequence number and the protobuf bytes in a published message.</summary>
    public const byte Separator = (byte)':';

    private const string ChannelPrefix = "flashsale:room-events:";
    private const string SequencePrefix = "flashsale:room-seq:";

    /// <summary>Every room's channel, for the one pattern subscription per silo: subscribing before
    /// any watcher arrives means no event is lost while a per-room SUBSCRIBE is in flight.</summary>
    public static readonly RedisChannel AllRooms = RedisChannel.Pattern(ChannelPrefix + "*");

    /// <summary>
    /// KEYS[1] the room's sequence counter, KEYS[2] its channel; ARGV[1] the event's protobuf bytes,
    /// ARGV[2] the highest number the publisher has seen. Numbering and publishing in one script
    /// means subscribers receive a room's events in number order. The counter lives a week after
    /// the room's last event.
    /// </summary>
    public const string Publish = """
        local seq = redis.call('INCR', KEYS[1])
        local floor = tonumber(ARGV[2])
        if seq <= floor then
          seq = floor + 1
          redis.call('SET', KEYS[1], seq)
        end
        redis.call('PEXPIRE', KEYS[1], 604800000)
        redis.call('PUBLISH', KEYS[2], string.format('%d', seq) .. ':' .. ARGV[1])
        return seq
        """;

    public static RedisKey SequenceKey(string roomId) => SequencePrefix + roomId;

    /// <summary>The room's channel name, passed to the script as a key.</summary>
    public static RedisKey ChannelKey(string roomId) => ChannelPrefix + roomId;
}
