using Evaluation.Shared.Privacy;

namespace Evaluation.Tests.Domain;

public class MaskTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("李", "李*")]
    [InlineData("任丘市某某科技有限公司", "任**********")]
    public void Names_keep_their_first_character(string name, string masked) => Assert.Equal(masked, PersonalData.MaskName(name));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("zhangsan@example.cn", "z***@example.cn")]
    public void Contacts_keep_what_identifies_the_kind_not_the_person(string contact, string masked) =>
        Assert.Equal(masked, PersonalData.MaskContact(contact));
}
