def test_password_rules_are_explained_in_thai(client_for):
    body = client_for("staff").get("/accounts/password/").content.decode()
    assert "รหัสผ่านต้องมีอย่างน้อย 10 ตัวอักษร" in body
    assert "Your password" not in body
