using FlashSale.Storage.Serialization;
using Google.Protobuf.WellKnownTypes;

namespace FlashSale.Storage.Tests.Sqlite;

public sealed class ProtobufGrainStorageSerializerTests
{
    [Fact]
    public void Serialize_AMessage_IsItsProtobufBinary_AndReadsBack()
    {
        var message = new Int64Value { Value = 150 };

        var data = ProtobufGrainStorageSerializer.Instance.Serialize(message);
        var back = ProtobufGrainStorageSerializer.Instance.Deserialize<Int64Value>(data);

        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, data.ToArray());
        Assert.Equal(message, back);
    }

    [Fact]
    public void SerializeOrDeserialize_NotAProtobufMessage_ThrowsNotSupportedNamingTheType()
    {
        var write = Assert.Throws<NotSupportedException>(() => ProtobufGrainStorageSerializer.Instance.Serialize(new List<int>()));
        var read = Assert.Throws<NotSupportedException>(() => ProtobufGrainStorageSerializer.Instance.Deserialize<List<int>>(new BinaryData([])));

        Assert.Contains("List", write.Message, StringComparison.Ordinal);
        Assert.Contains("List", read.Message, StringComparison.Ordinal);
    }
}
