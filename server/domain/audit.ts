/**
 * The audit vocabulary: every action the hash-chained log records (DESIGN §5), with the words an
 * auditor at the board reads, and who acted. One list, so a new state change cannot invent a name
 * the audit page does not know.
 */
export const AUDIT_ACTION_LABELS = {
  "campaign.create": "Tạo đợt lấy phiếu",
  "campaign.update": "Sửa đợt lấy phiếu",
  "campaign.stamp": "Đóng dấu danh sách",
  "campaign.voting": "Bắt đầu lấy phiếu",
  "commune.create": "Thêm xã",
  "commune.update": "Sửa xã",
  "commune.delete": "Xóa xã",
  "official.create": "Thêm người được lấy phiếu",
  "official.update": "Sửa người được lấy phiếu",
  "official.delete": "Xóa người được lấy phiếu",
  "official.reorder": "Đổi thứ tự trên phiếu",
  "point.create": "Thêm điểm lấy phiếu",
  "point.update": "Sửa điểm lấy phiếu",
  "point.delete": "Xóa điểm lấy phiếu",
  "point.ballot": "Sửa phiếu của điểm",
  "point.open": "Mở điểm lấy phiếu",
  "point.pause": "Tạm dừng điểm",
  "point.resume": "Tiếp tục lấy phiếu",
  "roster.import": "Nhập danh sách cử tri",
  "roster.amend.add": "Bổ sung người vào danh sách",
  "roster.amend.correct": "Sửa người trong danh sách",
  "kiosk.pair.window": "Mở kết nối máy ghi phiếu mới",
  "kiosk.pair": "Kết nối máy ghi phiếu",
  "kiosk.pair.failed": "Nhập sai mã kết nối máy",
  "kiosk.pair.confirm": "Cán bộ thứ hai xác nhận kết nối máy",
  "kiosk.unpair": "Ngắt kết nối máy ghi phiếu",
  "kiosk.cleanup": "Dọn các máy ghi phiếu im lặng",
  "kiosk.fast_cast": "Cảnh báo: máy gửi phiếu nhanh bất thường",
  "ticket.void": "Hủy lượt phát phiếu",
  "point.close": "Kết thúc và kiểm phiếu",
  "point.incident": "Ghi sự cố trong ngày",
  "minutes.sign": "Ký biên bản kiểm phiếu",
  "minutes.sign.failed": "Ký biên bản: sai mật khẩu",
  "minutes.reopen": "Mở lại biên bản (phiên bản mới)",
  "ticket.reissue": "Phát lại phiếu bị mất sau khi máy chủ khởi động lại",
  "minutes.verify": "Kiểm tra biên bản với dữ liệu lưu trữ",
  "minutes.verify.all": "Kiểm tra tất cả biên bản",
  "point.excuse": "Không tính điểm vào số liệu tổng hợp (có lý do)",
  "board.key.create": "Tạo khóa ký của thành viên Ban Tổ chức",
  "board.key.create.failed": "Tạo khóa ký: sai mật khẩu",
  "board.key.reseal": "Niêm phong lại khóa ký khi đổi mật khẩu",
  "campaign.close": "Kết thúc đợt lấy phiếu",
  "campaign.certify": "Xác nhận kết quả tổng hợp",
  "campaign.certify.failed": "Xác nhận kết quả: sai mật khẩu",
  "board.create": "Tạo tài khoản Ban Tổ chức",
  "officer.create": "Thêm cán bộ tổ công tác",
  "officer.update": "Sửa cán bộ tổ công tác",
  "officer.reset": "Cấp lại mật khẩu và khóa",
  "officer.key.rotate": "Thay khóa ký",
  "login.success": "Đăng nhập",
  "login.failure": "Đăng nhập sai",
  "login.failure.summary": "Đăng nhập sai (gộp trong một phút)",
  "login.locked": "Tạm khóa đăng nhập",
  "login.attack": "Tài khoản bị dò mật khẩu",
  logout: "Đăng xuất",
  "password.change": "Đổi mật khẩu",
  "password.change.failed": "Đổi mật khẩu: sai mật khẩu hiện tại",
  "scenario.load": "Nạp dữ liệu đợt lấy phiếu",
} as const satisfies Record<string, string>;

/** Every action name the audit log may hold. */
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const isAuditAction = (name: string): name is AuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, name);

/**
 * Who acts: set once per request from the session (an account's username, or "khách" before login)
 * with the client's address, or the server itself for timers and start-up work.
 */
export type Actor = { readonly name: string; readonly address: string | null };

export const ANONYMOUS_NAME = "khách";
export const SYSTEM_ACTOR: Actor = Object.freeze({ name: "hệ thống", address: null });

export const anonymousActor = (address: string | null): Actor => ({ name: ANONYMOUS_NAME, address });
