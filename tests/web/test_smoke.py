def test_listing_shows_catalogue_in_force(client, demo):
    page = client.get("/").get_data(as_text=True)
    assert "36 thủ tục" in page
