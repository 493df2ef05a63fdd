//! `liaison login` and `liaison logout`.

use crate::failure::{Failure, usage};
use desk_app::{Desk, Sensitive};

#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    #[arg(long)]
    username: String,
    /// Read the password from standard input (first line).
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Debug, clap::Args)]
pub struct LogoutArgs {
    #[arg(long)]
    wipe: bool,
}

pub async fn login(desk: &Desk, args: LoginArgs) -> Result<(), Failure> {
    let server = desk
        .server_url()
        .ok_or_else(|| usage("首次登录需要 --server 平台地址"))?;
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(|e| usage(format!("读取密码失败: {e}")))?;
    let password = Sensitive::new(password.trim_end_matches(['\r', '\n']).to_owned());
    let outcome = desk.sign_in(&server, &args.username, &password).await?;
    let role = outcome
        .info
        .officer_role
        .map(|r| format!("（{r}角）"))
        .unwrap_or_default();
    println!(
        "已登录：{} {}{role}",
        outcome.info.unit_name, outcome.info.officer_name
    );
    if !outcome.token_kept {
        return Err(usage(outcome.note.unwrap_or_else(|| {
            "系统钥匙串不可用：令牌未保存，请改用环境变量 LIAISON_TOKEN".into()
        })));
    }
    Ok(())
}

pub async fn logout(desk: &Desk, args: LogoutArgs) -> Result<(), Failure> {
    desk.sign_out(args.wipe).await?;
    if args.wipe {
        crate::data_dir::forget(desk.data_dir());
    }
    println!(
        "{}",
        if args.wipe {
            "已退出，本地缓存已清除"
        } else {
            "已退出登录"
        }
    );
    Ok(())
}
