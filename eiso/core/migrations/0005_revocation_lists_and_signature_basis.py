"""CRLs uploaded by the administrator; kept signature results get a basis (roots, CRLs, revocation
mode) instead of the roots alone: the old ones, with an empty basis, are checked again when shown."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_vietnamese_collation'),
    ]

    operations = [
        migrations.CreateModel(
            name='RevocationList',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('issuer', models.CharField(max_length=500, verbose_name='cơ quan cấp')),
                ('issuer_key', models.CharField(max_length=64, unique=True, verbose_name='mã cơ quan cấp')),
                ('data', models.TextField(verbose_name='danh sách (PEM)')),
                ('fingerprint', models.CharField(max_length=64, unique=True, verbose_name='dấu vân tay SHA-256')),
                ('this_update', models.DateTimeField(verbose_name='ban hành lúc')),
                ('next_update', models.DateTimeField(blank=True, null=True, verbose_name='cập nhật tiếp theo')),
                ('revoked_count', models.PositiveIntegerField(default=0, verbose_name='số chứng thư bị thu hồi')),
                ('added_at', models.DateTimeField(auto_now_add=True, verbose_name='thêm lúc')),
            ],
            options={
                'verbose_name': 'danh sách chứng thư bị thu hồi (CRL)',
                'verbose_name_plural': 'danh sách chứng thư bị thu hồi (CRL)',
                'ordering': [models.OrderBy(django.db.models.functions.comparison.Collate(models.F('issuer'), 'vietnamese'))],
            },
        ),
        migrations.RemoveField(
            model_name='filesignatures',
            name='roots',
        ),
        migrations.AddField(
            model_name='filesignatures',
            name='basis',
            field=models.CharField(default='', max_length=64, verbose_name='căn cứ kiểm tra'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='filesignatures',
            name='verdict',
            field=models.CharField(choices=[('none', 'Không có chữ ký số'), ('valid', 'Chữ ký số hợp lệ'), ('untrusted', 'Chữ ký số không thuộc chứng thư gốc tin cậy'), ('altered', 'Tệp đã bị thay đổi sau khi ký'), ('revoked', 'Chứng thư ký đã bị thu hồi'), ('broken', 'Chữ ký số hỏng, không kiểm tra được')], max_length=20, verbose_name='kết quả'),
        ),
    ]
